// The `metrics_cleanup` job: seed 004's cleanup_expired_metrics, every 15 minutes — expired rows of
// platform_metrics_realtime are removed (realtime-metrics.ts). One run for all apps.

import type { JobDefinition } from '../../jobs/index.ts';
import type { RealtimeMetrics } from './realtime-metrics.ts';

export const METRICS_CLEANUP_JOB = 'metrics_cleanup';
/** the seed's schedule */
export const METRICS_CLEANUP_SCHEDULE = '*/15 * * * *';

export function metricsCleanupJob(metrics: Pick<RealtimeMetrics, 'cleanup'>): JobDefinition {
  return {
    name: METRICS_CLEANUP_JOB,
    description: "Seed 004's cleanup_expired_metrics: removes expired platform_metrics_realtime rows",
    schedule: METRICS_CLEANUP_SCHEDULE,
    async run() {
      const removed = await metrics.cleanup();
      return { status: removed > 0 ? 'succeeded' : 'skipped', rows: removed, summary: { removed } };
    },
  };
}
