// Configuration of the exports (src/sinks): when the sync job runs, batch sizes, retries and the
// settle delay. Parsed once by loadConfig; errors name the key, the bad value and what is allowed.

import { Cron } from 'croner';
import { int, refuse, text, type Env } from './env.ts';

export interface SinksConfig {
  /** cron expression, UTC (TALLY_SINKS_SCHEDULE, default every minute) */
  readonly schedule: string;
  /** most rows per batch (TALLY_SINKS_BATCH_ROWS, default 50000) */
  readonly batchRows: number;
  /** most batches per sync of one sink (TALLY_SINKS_MAX_BATCHES_PER_SYNC, default 20) */
  readonly maxBatchesPerSync: number;
  /** attempts per batch, the first included (TALLY_SINKS_RETRY_ATTEMPTS, default 3) */
  readonly retryAttempts: number;
  /** first retry delay, doubled per retry (TALLY_SINKS_RETRY_BASE_MS, default 2000 ms) */
  readonly retryBaseMs: number;
  /** rows stored less than this long ago wait for the next batch (TALLY_SINKS_SETTLE_MS, default 5000 ms) */
  readonly settleMs: number;
  /** connection timeout of PostgreSQL and ClickHouse sinks (TALLY_SINKS_CONNECT_TIMEOUT_MS, default 10000 ms) */
  readonly connectTimeoutMs: number;
}

export function loadSinksConfig(env: Env): SinksConfig {
  const schedule = text(env, 'TALLY_SINKS_SCHEDULE') as string;
  try {
    new Cron(schedule, { timezone: 'UTC', paused: true });
  } catch {
    refuse('TALLY_SINKS_SCHEDULE', schedule);
  }
  return Object.freeze({
    schedule,
    batchRows: int(env, 'TALLY_SINKS_BATCH_ROWS'),
    maxBatchesPerSync: int(env, 'TALLY_SINKS_MAX_BATCHES_PER_SYNC'),
    retryAttempts: int(env, 'TALLY_SINKS_RETRY_ATTEMPTS'),
    retryBaseMs: int(env, 'TALLY_SINKS_RETRY_BASE_MS'),
    settleMs: int(env, 'TALLY_SINKS_SETTLE_MS'),
    connectTimeoutMs: int(env, 'TALLY_SINKS_CONNECT_TIMEOUT_MS'),
  });
}
