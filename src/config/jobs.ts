// Configuration of the scheduled jobs (src/jobs) and of the action-weights job (src/learning):
// who runs the scheduler, retries, catch-up, the lease, and where the weights are written back.
// Parsed once by loadConfig (the only caller); errors name the key, the bad value and what is allowed.

import { Cron } from 'croner';
import { int, oneOf, refuse, text, type Env } from './env.ts';

export interface ActionWeightsConfig {
  /** cron expression, UTC (TALLY_ACTION_WEIGHTS_SCHEDULE, default '0 3 * * *') */
  readonly schedule: string;
  /** PostgreSQL URL of the write-back (TALLY_ACTION_WEIGHTS_DSN, default TALLY_CDC_URL); undefined: no write-back */
  readonly dsn: string | undefined;
  /** schema and table of the write-back (TALLY_ACTION_WEIGHTS_TABLE, default public.action_weights) */
  readonly table: { readonly schema: string; readonly name: string };
  /** default window of a run in days (TALLY_ACTION_WEIGHTS_LOOKBACK_DAYS, default 30) */
  readonly lookbackDays: number;
  /** default softmax temperature (TALLY_ACTION_WEIGHTS_TEMPERATURE, default 1) */
  readonly temperature: number;
}

export interface JobsConfig {
  /** does `tally serve` run the scheduler (TALLY_JOBS_SCHEDULER: auto = with the embedded store only) */
  readonly scheduler: 'auto' | 'on' | 'off';
  /** attempts per run, the first included (TALLY_JOBS_RETRY_ATTEMPTS, default 3) */
  readonly retryAttempts: number;
  /** first retry delay, doubled per retry, jittered (TALLY_JOBS_RETRY_BASE_MS, default 30000 ms) */
  readonly retryBaseMs: number;
  /** times missed while stopped (TALLY_JOBS_CATCH_UP: all, latest, none; default all) */
  readonly catchUp: 'all' | 'latest' | 'none';
  /** server store: lease lifetime without renewal (TALLY_JOBS_LEASE_MS, default 60000 ms) */
  readonly leaseMs: number;
  readonly actionWeights: ActionWeightsConfig;
}

const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;

function postgresUrl(key: 'TALLY_ACTION_WEIGHTS_DSN' | 'TALLY_CDC_URL', raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse(key, raw);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') refuse(key, raw);
  return raw;
}

export function loadJobsConfig(env: Env): JobsConfig {
  const schedule = text(env, 'TALLY_ACTION_WEIGHTS_SCHEDULE') as string;
  try {
    new Cron(schedule, { timezone: 'UTC', paused: true });
  } catch {
    refuse('TALLY_ACTION_WEIGHTS_SCHEDULE', schedule);
  }
  const tableText = text(env, 'TALLY_ACTION_WEIGHTS_TABLE') as string;
  const parts = tableText.includes('.') ? tableText.split('.') : ['public', tableText];
  if (parts.length !== 2 || !parts.every((p) => IDENT_RE.test(p))) refuse('TALLY_ACTION_WEIGHTS_TABLE', tableText);
  const temperatureText = (text(env, 'TALLY_ACTION_WEIGHTS_TEMPERATURE') as string).trim();
  const temperature = Number(temperatureText);
  if (!/^\d+(\.\d+)?$/.test(temperatureText) || temperature < 0.001 || temperature > 1000) refuse('TALLY_ACTION_WEIGHTS_TEMPERATURE', temperatureText);
  const dsn = postgresUrl('TALLY_ACTION_WEIGHTS_DSN', text(env, 'TALLY_ACTION_WEIGHTS_DSN')) ?? postgresUrl('TALLY_CDC_URL', text(env, 'TALLY_CDC_URL'));
  const actionWeights: ActionWeightsConfig = {
    schedule,
    dsn,
    table: Object.freeze({ schema: parts[0], name: parts[1] }),
    lookbackDays: int(env, 'TALLY_ACTION_WEIGHTS_LOOKBACK_DAYS'),
    temperature,
  };
  return Object.freeze({
    scheduler: oneOf(env, 'TALLY_JOBS_SCHEDULER'),
    retryAttempts: int(env, 'TALLY_JOBS_RETRY_ATTEMPTS'),
    retryBaseMs: int(env, 'TALLY_JOBS_RETRY_BASE_MS'),
    catchUp: oneOf(env, 'TALLY_JOBS_CATCH_UP'),
    leaseMs: int(env, 'TALLY_JOBS_LEASE_MS'),
    actionWeights: Object.freeze(actionWeights),
  });
}
