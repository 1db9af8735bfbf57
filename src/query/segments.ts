// User segments: built-in lifecycle states, power users and churn risk, and custom segments (inline
// or saved by name). Each segment compiles to one SELECT of member user_ids (with per-member
// details); `segmentCondition` wraps it as `user_id IN (...)` so every insight can filter by a
// segment. Definitions (also in docs/segments.md):
//
// Lifecycle, relative to a range [from, to) of length L and its previous period [from - L, from),
// looking at every event of the app before `to`:
//   new           first event ever is in [from, to)
//   returning     active in [from, to) and active in the previous period
//   resurrecting  active in [from, to), not in the previous period, first event before from - L
//   dormant       not active in [from, to), active in the previous period
// (new, returning and resurrecting partition the users active in the range.)
// Power users, over the window [to - window_days, to): per user the distinct active days (in
// `timezone`) or the event count; the cut-off is the nearest-rank percentile of that measure over
// the users active in the window (the value at 1-based rank ceil(percentile * n / 100) of the
// ascending list); members are the users whose measure is >= the cut-off.
// Churn risk, over the window [to - W, to) split into halves at to - W/2, per user active in it:
//   recency        = min(1, (to - last event) / (W/2))
//   frequency_drop = max(0, (e1 - e2) / e1), 0 when e1 = 0 (e1, e2: events in the halves)
//   monetary_drop  = max(0, (m1 - m2) / m1), 0 when m1 <= 0 (m: sum of `value_property`)
//   score = 0.4 recency + 0.4 frequency_drop + 0.2 monetary_drop when m1 > 0,
//           otherwise 0.5 recency + 0.5 frequency_drop; always in [0, 1]
// Members are the users with score >= threshold.
//
// Never pastes user input: every value is a bound parameter; column choices come from code.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { compileFilters, propertyExpr } from './filters.ts';
import { ParamBag } from './params.ts';
import { CustomSegmentSchema, SegmentName, getSavedSegment, type CustomSegment } from './saved-segments.ts';
import { checkTimezone, parseTime, resolveTimeRange } from './time-range.ts';

const DAY_MS = 86_400_000;
const Time = (description: string) => Type.Optional(Type.String({ maxLength: 40, description }));

export const LIFECYCLE_STATES = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

const LifecycleRef = Type.Object(
  {
    builtin: Type.Union([Type.Literal('new'), Type.Literal('returning'), Type.Literal('resurrecting'), Type.Literal('dormant')]),
    from: Time('range start (inclusive), ISO or relative; default -30d'),
    to: Time('range end (exclusive), ISO or relative; default now'),
  },
  { additionalProperties: false, description: 'lifecycle state relative to [from, to) and the previous period of the same length' },
);
const PowerUsersRef = Type.Object(
  {
    builtin: Type.Literal('power_users'),
    window_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'window length in days, 7 or 28 are usual (default 28)' })),
    percentile: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'default 90' })),
    measure: Type.Optional(Type.Union([Type.Literal('active_days'), Type.Literal('events')], { description: 'default active_days' })),
    to: Time('window end (exclusive); default now'),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'for counting active days; default UTC' })),
  },
  { additionalProperties: false, description: 'users whose activity in the window is at or above the percentile' },
);
const ChurnRiskRef = Type.Object(
  {
    builtin: Type.Literal('churn_risk'),
    window_days: Type.Optional(Type.Integer({ minimum: 2, maximum: 366, description: 'default 28' })),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'members have score >= threshold (default 0.6)' })),
    value_property: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'numeric property for the monetary part (default revenue)' })),
    to: Time('window end (exclusive); default now'),
  },
  { additionalProperties: false, description: 'users whose recency/frequency/monetary score shows a drop in activity' },
);
const SavedRef = Type.Object({ saved: SegmentName }, { additionalProperties: false, description: 'a custom segment saved with PUT /v1/segments/{name}' });
const CustomRef = Type.Object({ custom: CustomSegmentSchema }, { additionalProperties: false, description: 'a custom segment given inline' });

export const SegmentRefSchema = Type.Union([LifecycleRef, PowerUsersRef, ChurnRiskRef, SavedRef, CustomRef], {
  description: 'a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} }',
});
export type SegmentRef = Static<typeof SegmentRefSchema>;
type ConcreteRef = Exclude<SegmentRef, { saved: string }>;

/** what a segment resolved to: its kind, its window, and the SELECT of its members */
export interface SegmentQuery {
  readonly kind: LifecycleState | 'power_users' | 'churn_risk' | 'custom';
  readonly from: string;
  readonly to: string;
  /** SELECT user_id, <details...> of the members */
  readonly sql: string;
}

function appRange(appId: string, fromMs: number | undefined, toMs: number, params: ParamBag): string {
  const parts = [`app_id = ${params.add(appId, 'String')}`, `timestamp < ${params.add(toEngineTime(toMs), "DateTime64(3, 'UTC')")}`];
  if (fromMs !== undefined) parts.push(`timestamp >= ${params.add(toEngineTime(Math.max(0, fromMs)), "DateTime64(3, 'UTC')")}`);
  return parts.join(' AND ');
}

function lifecycleQuery(state: LifecycleState, fromMs: number, toMs: number, appId: string, params: ParamBag): string {
  const from = params.add(toEngineTime(fromMs), "DateTime64(3, 'UTC')");
  const prev = params.add(toEngineTime(Math.max(0, 2 * fromMs - toMs)), "DateTime64(3, 'UTC')");
  const condition = {
    new: `first_seen >= ${from}`,
    returning: `events_in_range > 0 AND events_previous_period > 0`,
    resurrecting: `events_in_range > 0 AND events_previous_period = 0 AND first_seen < ${prev}`,
    dormant: `events_in_range = 0 AND events_previous_period > 0`,
  }[state];
  return `SELECT user_id, first_seen, last_seen, events_in_range, events_previous_period FROM (
    SELECT user_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
           countIf(timestamp >= ${from}) AS events_in_range,
           countIf(timestamp >= ${prev} AND timestamp < ${from}) AS events_previous_period
    FROM events WHERE ${appRange(appId, undefined, toMs, params)} GROUP BY user_id)
  WHERE ${condition}`;
}

function powerUsersQuery(ref: Static<typeof PowerUsersRef>, fromMs: number, toMs: number, appId: string, params: ParamBag): string {
  const tz = params.add(checkTimezone(ref.timezone), 'String');
  const measure = ref.measure === 'events' ? 'events' : 'active_days';
  const percentile = params.add(ref.percentile ?? 90, 'Float64');
  return `WITH per_user AS (
      SELECT user_id, uniqExact(toDate(timestamp, ${tz})) AS active_days, count() AS events
      FROM events WHERE ${appRange(appId, fromMs, toMs, params)} GROUP BY user_id),
    cutoff AS (SELECT arrayElement(arraySort(groupArray(${measure})), toUInt64(greatest(1, ceil(${percentile} * count() / 100)))) AS threshold FROM per_user)
  SELECT user_id, active_days, events, (SELECT threshold FROM cutoff) AS threshold
  FROM per_user WHERE ${measure} >= (SELECT threshold FROM cutoff)`;
}

function churnRiskQuery(ref: Static<typeof ChurnRiskRef>, fromMs: number, toMs: number, appId: string, params: ParamBag): string {
  const mid = params.add(toEngineTime(fromMs + (toMs - fromMs) / 2), "DateTime64(3, 'UTC')");
  const halfMs = params.add((toMs - fromMs) / 2, 'Float64');
  const toMsParam = params.add(toMs, 'Int64');
  const value = `coalesce(toFloat64OrNull(${propertyExpr(ref.value_property ?? 'revenue', params)}), 0)`;
  const threshold = params.add(ref.threshold ?? 0.6, 'Float64');
  return `SELECT user_id, last_seen, events_first_half, events_second_half, value_first_half, value_second_half,
         recency, frequency_drop, monetary_drop, score FROM (
    SELECT *, if(value_first_half > 0, 0.4 * recency + 0.4 * frequency_drop + 0.2 * monetary_drop, 0.5 * recency + 0.5 * frequency_drop) AS score
    FROM (
      SELECT user_id, max(timestamp) AS last_seen,
             countIf(timestamp < ${mid}) AS events_first_half, countIf(timestamp >= ${mid}) AS events_second_half,
             sumIf(${value}, timestamp < ${mid}) AS value_first_half, sumIf(${value}, timestamp >= ${mid}) AS value_second_half,
             least(1, (${toMsParam} - toUnixTimestamp64Milli(max(timestamp))) / ${halfMs}) AS recency,
             if(events_first_half = 0, 0, greatest(0, (toFloat64(events_first_half) - toFloat64(events_second_half)) / events_first_half)) AS frequency_drop,
             if(value_first_half <= 0, 0, greatest(0, (value_first_half - value_second_half) / value_first_half)) AS monetary_drop
      FROM events WHERE ${appRange(appId, fromMs, toMs, params)} GROUP BY user_id))
  WHERE score >= ${threshold}`;
}

function customQuery(def: CustomSegment, fromMs: number, toMs: number, appId: string, params: ParamBag): string {
  const event = def.event === undefined ? '' : ` AND event_name = ${params.add(def.event, 'String')}`;
  return `SELECT user_id, count() AS events FROM events
    WHERE ${appRange(appId, fromMs, toMs, params)}${event} AND ${compileFilters(def.filters, params)}
    GROUP BY user_id HAVING events >= ${params.add(def.min_count ?? 1, 'UInt64')}`;
}

function windowEnding(to: string | undefined, days: number, nowMs: number): { fromMs: number; toMs: number } {
  const toMs = parseTime(to ?? 'now', nowMs, 'segment.to');
  return { fromMs: toMs - days * DAY_MS, toMs };
}

function compileConcrete(ref: ConcreteRef, appId: string, params: ParamBag, nowMs: number): SegmentQuery {
  const iso = (ms: number) => new Date(ms).toISOString();
  if ('custom' in ref) {
    const r = resolveTimeRange(ref.custom.from ?? '-30d', ref.custom.to ?? 'now', nowMs);
    return { kind: 'custom', from: iso(r.fromMs), to: iso(r.toMs), sql: customQuery(ref.custom, r.fromMs, r.toMs, appId, params) };
  }
  if (ref.builtin === 'power_users') {
    const w = windowEnding(ref.to, ref.window_days ?? 28, nowMs);
    return { kind: 'power_users', from: iso(w.fromMs), to: iso(w.toMs), sql: powerUsersQuery(ref, w.fromMs, w.toMs, appId, params) };
  }
  if (ref.builtin === 'churn_risk') {
    const w = windowEnding(ref.to, ref.window_days ?? 28, nowMs);
    return { kind: 'churn_risk', from: iso(w.fromMs), to: iso(w.toMs), sql: churnRiskQuery(ref, w.fromMs, w.toMs, appId, params) };
  }
  const r = resolveTimeRange(ref.from ?? '-30d', ref.to ?? 'now', nowMs);
  return { kind: ref.builtin, from: iso(r.fromMs), to: iso(r.toMs), sql: lifecycleQuery(ref.builtin, r.fromMs, r.toMs, appId, params) };
}

/**
 * The members query of a segment. Saved segments are looked up in `store` (so the answer is a
 * Promise); the others compile synchronously.
 */
export function compileSegment(segment: SegmentRef, appId: string, params: ParamBag, store?: StoreConnection, nowMs = Date.now()): SegmentQuery | Promise<SegmentQuery> {
  if ('saved' in segment) {
    if (!store) throw new TallyError('TALLY_ERR_QUERY_INVALID', ['saved segments need the store to be resolved']);
    return getSavedSegment(store, appId, segment.saved).then((s) => compileConcrete({ custom: s.definition }, appId, params, nowMs));
  }
  return compileConcrete(segment, appId, params, nowMs);
}

/**
 * A SQL condition on `user_id` that holds for the members of `segment` in app `appId` ('1' when
 * there is no segment), for the WHERE clause of any query over `events`:
 *
 *   const cond = await segmentCondition(spec.segment, appId, params, store);
 *   `... WHERE app_id = ... AND ${cond}`
 *
 * `store` is needed only for `{ saved: name }` (the definition is read from saved_segments; an
 * unknown name throws TALLY_ERR_SEGMENT_UNKNOWN, 404); built-ins and inline custom segments return
 * a string synchronously. Relative times in the segment (-30d, now) are resolved against `nowMs`.
 */
export function segmentCondition(segment: SegmentRef | undefined, appId: string, params: ParamBag, store?: StoreConnection, nowMs = Date.now()): Promise<string> | string {
  if (segment === undefined) return '1';
  const wrap = (q: SegmentQuery) => `user_id IN (SELECT user_id FROM (${q.sql}))`;
  const compiled = compileSegment(segment, appId, params, store, nowMs);
  return compiled instanceof Promise ? compiled.then(wrap) : wrap(compiled);
}

export interface SegmentMembersSpec {
  readonly appId: string;
  readonly segment: SegmentRef;
  /** page size (1-10000) */
  readonly limit: number;
  /** the next_cursor of the previous page */
  readonly cursor?: string;
  readonly nowMs?: number;
}

export interface SegmentMembers {
  readonly kind: SegmentQuery['kind'];
  readonly from: string;
  readonly to: string;
  /** number of members */
  readonly size: number;
  /** power users: the percentile cut-off of the measure (null when nobody was active) */
  readonly threshold?: number | null;
  readonly members: ReadonlyArray<Record<string, unknown> & { user_id: string }>;
  readonly next_cursor: string | null;
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('u:')) throw new TallyError('TALLY_ERR_CURSOR_INVALID');
  return text.slice(2);
}

/** the members of a segment, ordered by user_id, one page at a time (keyset cursor) */
export async function listSegmentMembers(store: StoreConnection, spec: SegmentMembersSpec): Promise<SegmentMembers> {
  const params = new ParamBag(store.propertyColumns);
  const q = await compileSegment(spec.segment, spec.appId, params, store, spec.nowMs ?? Date.now());
  const [{ size }] = await store.query<{ size: number }>(`SELECT count() AS size FROM (${q.sql})`, params.values);
  const after = spec.cursor === undefined ? '' : `WHERE user_id > ${params.add(decodeCursor(spec.cursor), 'String')}`;
  const rows = await store.query<Record<string, unknown> & { user_id: string }>(
    `SELECT * FROM (${q.sql}) ${after} ORDER BY user_id LIMIT ${params.add(spec.limit, 'UInt32')}`,
    params.values,
  );
  let threshold: number | null | undefined;
  if (q.kind === 'power_users') {
    threshold = rows.length > 0 ? Number(rows[0].threshold) : null;
    if (rows.length === 0 && size > 0) {
      const [first] = await store.query<{ threshold: number }>(`SELECT threshold FROM (${q.sql}) LIMIT 1`, params.values);
      threshold = first?.threshold ?? null;
    }
    for (const r of rows) delete r.threshold;
  }
  const last = rows[rows.length - 1];
  return {
    kind: q.kind,
    from: q.from,
    to: q.to,
    size,
    ...(threshold !== undefined ? { threshold } : {}),
    members: rows,
    next_cursor: rows.length === spec.limit && last ? Buffer.from(`u:${last.user_id}`).toString('base64url') : null,
  };
}
