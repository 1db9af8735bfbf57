// Action weights (seed 000 §4): which tutoring action to sample next. Each concept event's reward
// (its `delta_mastery`) is credited to the most recent action of the same user and session at or
// before it (an ASOF JOIN: an action logged in the same millisecond as the concept event counts, and
// of several actions at one instant the one with the greatest event id — the latest minted UUID v7 —
// is taken). Rewards are averaged per action type over the window, and a softmax with a temperature
// turns the averages into weights that sum to 1. Computations are kept in `action_weights` (one row
// per app and window end, history kept); the current weights are those of the latest window end.
// Edge cases: an action type no reward was credited to in the window gets no weight (it is not in
// the result, and the write-back removes it); one action type gets weight 1; no credited reward at
// all is "no data" — the caller records the run as skipped and the previous weights stay.

import { propertyExpr, ParamBag } from '../query/index.ts';
import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';

/** bumped whenever the computation changes meaning; stored with every computation */
export const CALCULATION_VERSION = 1;

/** which events and properties hold seed 000's rows (as mapped by change capture) */
export interface ActionWeightsSource {
  /** events whose property `rewardProperty` is the reward (default concept_event / delta_mastery) */
  readonly conceptEvent: string;
  readonly rewardProperty: string;
  /** events whose property `actionProperty` is the action type (default tutor_action / action_type, the names of the documented seed 000 mapping) */
  readonly actionEvent: string;
  readonly actionProperty: string;
}

export const DEFAULT_SOURCE: ActionWeightsSource = Object.freeze({
  conceptEvent: 'concept_event',
  rewardProperty: 'delta_mastery',
  actionEvent: 'tutor_action',
  actionProperty: 'action_type',
});

export interface ActionWeightsSpec extends ActionWeightsSource {
  readonly appId: string;
  /** window [fromMs, toMs): both the concept event and its action lie in it */
  readonly fromMs: number;
  readonly toMs: number;
  /** softmax temperature, > 0 */
  readonly temperature: number;
}

export interface ActionWeight {
  readonly actionType: string;
  readonly weight: number;
  readonly avgReward: number;
  /** rewards credited to this action type */
  readonly n: number;
}

export interface ActionWeightsResult {
  /** ordered by action type */
  readonly weights: readonly ActionWeight[];
  /** concept events in the window with a numeric reward */
  readonly conceptEvents: number;
  /** actions in the window with an action type */
  readonly actions: number;
  /** concept events credited to an action */
  readonly matched: number;
}

/** softmax of the average rewards, shifted by their maximum so exp() never overflows */
export function softmax(rewards: readonly number[], temperature: number): number[] {
  if (rewards.length === 0) return [];
  const max = Math.max(...rewards);
  const exps = rewards.map((r) => Math.exp((r - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** average reward per action type, and the input counts */
export async function computeActionWeights(store: StoreConnection, spec: ActionWeightsSpec): Promise<ActionWeightsResult> {
  const p = new ParamBag();
  const app = p.add(spec.appId, 'String');
  const from = p.add(toEngineTime(spec.fromMs), "DateTime64(3, 'UTC')");
  const to = p.add(toEngineTime(spec.toMs), "DateTime64(3, 'UTC')");
  const conceptEvent = p.add(spec.conceptEvent, 'String');
  const actionEvent = p.add(spec.actionEvent, 'String');
  const reward = `toFloat64OrNull(${propertyExpr(spec.rewardProperty, p)})`;
  const actionType = propertyExpr(spec.actionProperty, p);
  const sql = `
    WITH
      concepts AS (
        SELECT user_id, session_id, timestamp AS t, ${reward} AS reward_or_null
        FROM events
        WHERE app_id = ${app} AND event_name = ${conceptEvent} AND timestamp >= ${from} AND timestamp < ${to}
      ),
      -- (a new name: the engine lets WHERE see SELECT aliases, and assumeNotNull would turn NULL into 0)
      rewarded AS (SELECT user_id, session_id, t, assumeNotNull(reward_or_null) AS reward FROM concepts WHERE reward_or_null IS NOT NULL AND isFinite(reward_or_null)),
      acts AS (
        SELECT user_id, session_id, timestamp AS t, argMax(${actionType}, toString(event_id)) AS action_type
        FROM events
        WHERE app_id = ${app} AND event_name = ${actionEvent} AND timestamp >= ${from} AND timestamp < ${to} AND ${actionType} != ''
        GROUP BY user_id, session_id, t
      ),
      credited AS (
        SELECT a.action_type AS action_type, c.reward AS reward
        FROM rewarded AS c
        ASOF INNER JOIN acts AS a ON c.user_id = a.user_id AND c.session_id = a.session_id AND c.t >= a.t
      )
    SELECT
      (SELECT count() FROM rewarded) AS concept_events,
      (SELECT count() FROM events WHERE app_id = ${app} AND event_name = ${actionEvent} AND timestamp >= ${from} AND timestamp < ${to} AND ${actionType} != '') AS actions,
      (SELECT groupArray((action_type, avg_reward, n)) FROM (SELECT action_type, avg(reward) AS avg_reward, count() AS n FROM credited GROUP BY action_type ORDER BY action_type)) AS per_action`;
  const [row] = await store.query<{ concept_events: number; actions: number; per_action: Array<[string, number, number]> }>(sql, p.values);
  const perAction = row.per_action;
  const weights = softmax(
    perAction.map(([, avg]) => avg),
    spec.temperature,
  );
  return {
    weights: perAction.map(([actionType, avgReward, n], i) => ({ actionType, weight: weights[i], avgReward, n: Number(n) })),
    conceptEvents: Number(row.concept_events),
    actions: Number(row.actions),
    matched: perAction.reduce((s, [, , n]) => s + Number(n), 0),
  };
}

export interface StoredComputation extends ActionWeightsResult {
  readonly appId: string;
  readonly computedForMs: number;
  readonly computedAtMs: number;
  readonly calculationVersion: number;
  readonly runId: string;
  readonly lookbackDays: number;
  readonly temperature: number;
}

/** keeps a computation; one of the same app and window end replaces it */
export async function saveComputation(store: StoreConnection, c: StoredComputation): Promise<void> {
  const row = {
    app_id: c.appId,
    computed_for: toEngineTime(c.computedForMs),
    computed_at: toEngineTime(c.computedAtMs),
    calculation_version: c.calculationVersion,
    run_id: c.runId,
    lookback_days: c.lookbackDays,
    temperature: c.temperature,
    concept_events: c.conceptEvents,
    actions: c.actions,
    matched: c.matched,
    action_types: c.weights.map((w) => w.actionType),
    weights: c.weights.map((w) => w.weight),
    avg_rewards: c.weights.map((w) => w.avgReward),
    counts: c.weights.map((w) => w.n),
  };
  await store.insertJsonEachRow('action_weights', Buffer.from(`${JSON.stringify(row)}\n`));
}

interface ComputationRow {
  app_id: string;
  computed_for: string;
  computed_at: string;
  calculation_version: number;
  run_id: string;
  lookback_days: number;
  temperature: number;
  concept_events: number;
  actions: number;
  matched: number;
  action_types: string[];
  weights: number[];
  avg_rewards: number[];
  counts: number[];
}

/** the engine answers DateTime64 as ISO text; older settings answer 'YYYY-MM-DD hh:mm:ss.mmm' (UTC) */
const engineMs = (t: string): number => Date.parse(t.includes('T') ? t : `${t.replace(' ', 'T')}Z`);

function fromRow(r: ComputationRow): StoredComputation {
  return {
    appId: r.app_id,
    computedForMs: engineMs(r.computed_for),
    computedAtMs: engineMs(r.computed_at),
    calculationVersion: r.calculation_version,
    runId: r.run_id,
    lookbackDays: r.lookback_days,
    temperature: r.temperature,
    conceptEvents: Number(r.concept_events),
    actions: Number(r.actions),
    matched: Number(r.matched),
    weights: r.action_types.map((actionType, i) => ({ actionType, weight: r.weights[i], avgReward: r.avg_rewards[i], n: Number(r.counts[i]) })),
  };
}

/** the app's current weights: the computation with the latest window end, or undefined */
export async function currentComputation(store: StoreConnection, appId: string): Promise<StoredComputation | undefined> {
  const rows = await store.query<ComputationRow>('SELECT * FROM action_weights FINAL WHERE app_id = {appId:String} ORDER BY computed_for DESC LIMIT 1', { appId });
  return rows[0] && fromRow(rows[0]);
}

/** every kept computation of the app, newest window first */
export async function computationHistory(store: StoreConnection, appId: string, limit: number): Promise<StoredComputation[]> {
  const rows = await store.query<ComputationRow>('SELECT * FROM action_weights FINAL WHERE app_id = {appId:String} ORDER BY computed_for DESC LIMIT {limit:UInt32}', { appId, limit });
  return rows.map(fromRow);
}
