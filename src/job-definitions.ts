// The built-in scheduled jobs, in one list for every process that runs them: `tally serve` (the
// embedded store's owner) and `tally jobs` (a server store) schedule the same jobs, and `tally jobs
// run NAME` finds any of them. Their parts come from the process that runs them.

import { alertsJob, type AlertService } from './alerts/index.ts';
import type { Config } from './config/index.ts';
import type { JobDefinition } from './jobs/index.ts';
import { actionWeightsJob, learnerJobs } from './learning/index.ts';
import { metricsCleanupJob, type createRealtimeMetrics } from './query/index.ts';
import { sinkSyncJob, type SinkService } from './sinks/index.ts';
import type { StoreConnection } from './store/index.ts';

export interface JobParts {
  readonly config: Config;
  readonly store: StoreConnection;
  /** the apps a scheduled time runs for (read again at each run where other processes create apps) */
  readonly apps: () => readonly string[] | Promise<readonly string[]>;
  readonly sinks: SinkService;
  readonly realtimeMetrics: ReturnType<typeof createRealtimeMetrics>;
  /** alert rules and the built-in pipeline rules (the alerts_evaluate job) */
  readonly alerts: AlertService;
}

export function builtInJobs(parts: JobParts): JobDefinition[] {
  const { config, store, apps } = parts;
  return [
    metricsCleanupJob(parts.realtimeMetrics),
    actionWeightsJob({ store, config: config.jobs.actionWeights, apps }),
    ...learnerJobs({ store, apps }),
    sinkSyncJob(parts.sinks, config.sinks),
    alertsJob(parts.alerts, config.alerts),
  ];
}
