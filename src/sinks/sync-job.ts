// The `sink_sync` job: at each scheduled time (every minute by default), one run per app that has
// sinks, syncing each of its sinks from its cursor. A manual run (POST /v1/jobs/sink_sync/runs)
// is a manual sync of the app's sinks, so it also retries failed batches.

import type { SinksConfig } from '../config/index.ts';
import { TallyError } from '../errors.ts';
import type { JobDefinition, JobOutcome, RunRequest } from '../jobs/index.ts';
import type { SinkService } from './sink-service.ts';

export const SINK_SYNC_JOB = 'sink_sync';

export function sinkSyncJob(sinks: SinkService, config: SinksConfig): JobDefinition {
  return {
    name: SINK_SYNC_JOB,
    description: 'Exports what is new to every sink of the app (Parquet, S3, PostgreSQL, ClickHouse), batch by batch from each sink\'s cursor',
    schedule: config.schedule,
    scheduledRuns: async () => (await sinks.sinks.apps()).map((appId) => ({ appId, parameters: { trigger: 'schedule' } })),
    parameters(request: RunRequest): RunRequest {
      if (!request.appId) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['app_id is required']);
      return { appId: request.appId, parameters: { trigger: 'manual' } };
    },
    async run(ctx): Promise<JobOutcome> {
      const trigger = ctx.parameters.trigger === 'manual' ? 'manual' : 'schedule';
      const results = await sinks.syncApp(ctx.appId, trigger);
      const rows = results.reduce((n, r) => n + r.batches.reduce((m, b) => m + (b.status === 'succeeded' ? b.rows : 0), 0), 0);
      ctx.progress(rows);
      const summary = {
        sinks: results.map((r) => ({
          sink_id: r.sinkId,
          batches: r.batches.length,
          rows: r.batches.reduce((m, b) => m + (b.status === 'succeeded' ? b.rows : 0), 0),
          failed: r.batches.filter((b) => b.status === 'failed').map((b) => b.batchSeq),
          skipped: r.skipped,
        })),
      };
      return { status: results.some((r) => r.batches.length > 0) ? 'succeeded' : 'skipped', rows, summary };
    },
  };
}
