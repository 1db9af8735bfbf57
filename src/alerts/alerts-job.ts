// The `alerts_evaluate` job: at each scheduled time (every minute by default, TALLY_ALERTS_SCHEDULE)
// one run evaluates every rule whose `every` has passed, and the built-in pipeline rules, at the
// run's scheduled time. Its summary counts the rules evaluated, firing, notified and failed deliveries.

import type { AlertsConfig } from '../config/index.ts';
import type { JobDefinition, JobOutcome, RunRequest } from '../jobs/index.ts';
import type { AlertService } from './service.ts';

export const ALERTS_JOB = 'alerts_evaluate';

export function alertsJob(alerts: AlertService, config: AlertsConfig): JobDefinition {
  return {
    name: ALERTS_JOB,
    description: 'Evaluates the alert rules that are due and the built-in pipeline rules; notifies their webhooks',
    schedule: config.schedule,
    parameters: (request: RunRequest): RunRequest => ({ appId: request.appId, parameters: {} }),
    async run(ctx): Promise<JobOutcome> {
      const s = await alerts.evaluateDue(ctx.scheduledMs);
      ctx.progress(s.evaluated);
      return {
        status: s.evaluated > 0 ? 'succeeded' : 'skipped',
        rows: s.evaluated,
        summary: { evaluated: s.evaluated, firing: s.firing, notifications: s.notifications, failed_deliveries: s.failedDeliveries },
      };
    },
  };
}
