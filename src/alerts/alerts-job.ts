// The `alerts_evaluate` job: at each scheduled time (every minute by default, TALLY_ALERTS_SCHEDULE)
// one run evaluates every rule whose `every` has passed, and the built-in pipeline rules, at the
// run's scheduled time. Its summary counts the rules evaluated, firing, notified and failed deliveries.
// Scheduled times missed while Tally was down (the scheduler's catch-up) are skipped when more than
// STALE_MS old: notifying now about a past minute helps no one, the next evaluation judges the present.
// A manual run (POST /v1/jobs/alerts_evaluate/runs, or a backfill) evaluates its time whatever its age.

import type { AlertsConfig } from '../config/index.ts';
import type { JobDefinition, JobOutcome, RunRequest } from '../jobs/index.ts';
import type { AlertService } from './service.ts';

export const ALERTS_JOB = 'alerts_evaluate';

/** a scheduled run older than this is a missed time, skipped (ms) */
const STALE_MS = 5 * 60_000;

export function alertsJob(alerts: AlertService, config: AlertsConfig, now: () => number = Date.now): JobDefinition {
  return {
    name: ALERTS_JOB,
    description: 'Evaluates the alert rules that are due and the built-in pipeline rules; notifies their webhooks',
    schedule: config.schedule,
    scheduledRuns: () => [{ appId: '', parameters: { scheduled: true } }],
    parameters: (request: RunRequest): RunRequest => ({ appId: request.appId, parameters: request.parameters.scheduled === true ? { scheduled: true } : {} }),
    async run(ctx): Promise<JobOutcome> {
      if (ctx.parameters.scheduled === true && now() - ctx.scheduledMs > STALE_MS) {
        return { status: 'skipped', rows: 0, summary: { reason: 'a scheduled time missed while stopped' } };
      }
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
