// The `action_weights` job: per app, compute the weights for the window ending at the run's
// scheduled time, keep the computation, and — when it is the app's current one (a backfill of an
// older day never overwrites newer weights) and a DSN is configured — write it back to PostgreSQL.
// A re-run of the same scheduled time replaces that time's computation and rewrites the table.
// No credited reward in the window: the run is `skipped` and nothing is written.

import { TallyError } from '../errors.ts';
import type { ActionWeightsConfig } from '../config/index.ts';
import type { JobDefinition, JobOutcome, RunRequest } from '../jobs/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { CALCULATION_VERSION, DEFAULT_SOURCE, computeActionWeights, currentComputation, saveComputation, type ActionWeightsSource } from './action-weights.ts';
import { writeBackWeights } from './write-back.ts';

export const ACTION_WEIGHTS_JOB = 'action_weights';

const DAY_MS = 86_400_000;
const NAME_RE = /^[^\u0000-\u001f\u007f]{1,200}$/;

export interface ActionWeightsJobOptions {
  readonly store: StoreConnection;
  readonly config: ActionWeightsConfig;
  /** the apps a scheduled time runs for */
  readonly apps: () => readonly string[] | Promise<readonly string[]>;
  readonly now?: () => number;
}

/** the run parameters, checked, with defaults filled in (what the run record keeps) */
export interface ActionWeightsParameters extends ActionWeightsSource {
  readonly lookback_days: number;
  readonly temperature: number;
}

function invalid(what: string): never {
  throw new TallyError('TALLY_ERR_REQUEST_INVALID', [what]);
}

export function actionWeightsParameters(raw: Readonly<Record<string, unknown>>, config: ActionWeightsConfig): ActionWeightsParameters & Record<string, unknown> {
  const name = (key: string, fallback: string): string => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !NAME_RE.test(v)) invalid(`${key} must be 1-200 printable characters`);
    return v;
  };
  const lookback = raw.lookback_days ?? config.lookbackDays;
  if (typeof lookback !== 'number' || !Number.isInteger(lookback) || lookback < 1 || lookback > 3650) invalid('lookback_days must be an integer from 1 to 3650');
  const temperature = raw.temperature ?? config.temperature;
  if (typeof temperature !== 'number' || !(temperature >= 0.001 && temperature <= 1000)) invalid('temperature must be a number from 0.001 to 1000');
  return {
    conceptEvent: name('concept_event', DEFAULT_SOURCE.conceptEvent),
    rewardProperty: name('reward_property', DEFAULT_SOURCE.rewardProperty),
    actionEvent: name('action_event', DEFAULT_SOURCE.actionEvent),
    actionProperty: name('action_property', DEFAULT_SOURCE.actionProperty),
    lookback_days: lookback,
    temperature,
  };
}

export function actionWeightsJob(options: ActionWeightsJobOptions): JobDefinition {
  const { store, config } = options;
  const now = options.now ?? Date.now;
  return {
    name: ACTION_WEIGHTS_JOB,
    description: 'Seed 000 sampling weights: mean delta_mastery per action type (ASOF JOIN), softmax, written back to PostgreSQL',
    schedule: config.schedule,
    scheduledRuns: async () => (await options.apps()).map((appId) => ({ appId, parameters: actionWeightsParameters({}, config) })),
    parameters(request: RunRequest): RunRequest {
      if (!request.appId) invalid('app_id is required');
      return { appId: request.appId, parameters: actionWeightsParameters(request.parameters, config) };
    },
    async run(ctx): Promise<JobOutcome> {
      const p = actionWeightsParameters(ctx.parameters, config);
      const toMs = ctx.scheduledMs;
      const result = await computeActionWeights(store, { ...p, appId: ctx.appId, fromMs: toMs - p.lookback_days * DAY_MS, toMs, temperature: p.temperature });
      const counts = { concept_events: result.conceptEvents, actions: result.actions, matched: result.matched, calculation_version: CALCULATION_VERSION };
      if (result.weights.length === 0) return { status: 'skipped', rows: 0, summary: { ...counts, reason: 'no concept event was credited to an action in the window; the previous weights stay' } };
      ctx.progress(result.matched);
      const computedAtMs = now();
      await saveComputation(store, { ...result, appId: ctx.appId, computedForMs: toMs, computedAtMs, calculationVersion: CALCULATION_VERSION, runId: ctx.runId, lookbackDays: p.lookback_days, temperature: p.temperature });
      const current = await currentComputation(store, ctx.appId);
      const isCurrent = current !== undefined && current.computedForMs <= toMs;
      let writtenBack = false;
      if (config.dsn !== undefined && isCurrent) {
        try {
          await writeBackWeights({ dsn: config.dsn, schema: config.table.schema, table: config.table.name }, result.weights, computedAtMs);
        } catch (err) {
          throw new TallyError('TALLY_ERR_WRITE_BACK_FAILED', [err instanceof Error ? err.message.slice(0, 200) : 'unknown error'], { cause: err });
        }
        writtenBack = true;
      }
      return {
        status: 'succeeded',
        rows: result.weights.length,
        summary: { ...counts, action_types: result.weights.length, current: isCurrent, written_back: writtenBack, table: writtenBack ? `${config.table.schema}.${config.table.name}` : null },
      };
    },
  };
}
