// Aggregations (seed 004's hourly/daily/weekly event_aggregations): events, distinct users and
// revenue per bucket, category and event name, served from the hourly rollup `events_hourly`
// (migration 0003) by merging its states. Answers equal the same question over raw events:
// - a bucket is a local hour, day or Monday-week in `timezone` (UTC hours in whole-hour zones);
// - whole UTC hours that lie inside one bucket come from the rollup; the partial hours at the
//   range's edges, and any hour that straddles a bucket boundary (zones with half-hour offsets),
//   come from raw events as states of the same functions, merged together — so the answer is exact
//   for any range and zone, and rollup-only for whole-hour ranges in whole-hour zones;
// - with a `segment`, the rollup cannot say who did what, so the answer comes from raw events.
// Only rows with events are returned (no filled buckets), ordered by bucket, category, event name.

import { Type, type Static } from 'typebox';
import { APP_ID_PATTERN } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { bucketExpr, guardBuckets, HOUR_MS, straddlingHours, type Interval } from './buckets.ts';
import { ParamBag } from './params.ts';
import { SegmentRefSchema, segmentCondition } from './segments.ts';
import { propertyNumber, timeParam } from './sql.ts';
import { checkTimezone, resolveTimeRange } from './time-range.ts';

export const GRANULARITIES = ['hourly', 'daily', 'weekly'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
const INTERVAL_OF: Record<Granularity, Interval> = { hourly: 'hour', daily: 'day', weekly: 'week' };

export const AggregationsSpecSchema = Type.Object(
  {
    app_id: Type.String({ pattern: APP_ID_PATTERN }),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'inclusive; ISO or relative like -7d (default -30d)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'exclusive; ISO or relative (default now)' })),
    granularity: Type.Union([Type.Literal('hourly'), Type.Literal('daily'), Type.Literal('weekly')]),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA name; buckets are local hours, days and Monday-weeks (default UTC)' })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    event_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    segment: Type.Optional(SegmentRefSchema),
  },
  { additionalProperties: false },
);
export type AggregationsSpec = Static<typeof AggregationsSpecSchema>;

export interface AggregationRow {
  /** bucket start, ISO UTC instant */
  readonly bucket: string;
  readonly category: string;
  readonly event_name: string;
  readonly events: number;
  /** exact distinct users */
  readonly unique_users: number;
  /** approximate distinct users (uniq: adaptive sampling; exact for small sets) */
  readonly unique_users_approx: number;
  /** sum of the numeric `revenue` property */
  readonly revenue: number;
}

export interface AggregationsResult {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly timezone: string;
  /** 'rollup' when whole hours were read from events_hourly (edges may still come from events) */
  readonly source: 'rollup' | 'events';
  readonly rows: readonly AggregationRow[];
}


export async function aggregations(store: StoreConnection, spec: AggregationsSpec, nowMs = Date.now()): Promise<AggregationsResult> {
  const timezone = checkTimezone(spec.timezone);
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  const interval = INTERVAL_OF[spec.granularity];
  guardBuckets(interval, range.fromMs, range.toMs);
  const useRollup = spec.segment === undefined;
  // whole UTC hours inside the range: [h0, h1)
  const h0 = Math.ceil(range.fromMs / HOUR_MS) * HOUR_MS;
  const h1 = Math.max(h0, Math.floor(range.toMs / HOUR_MS) * HOUR_MS);
  const straddling = useRollup ? await straddlingHours(store, interval, timezone, h0, h1) : [];

  const params = new ParamBag(store.propertyColumns);
  const tz = params.add(timezone, 'String');
  const app = params.add(spec.app_id, 'String');
  const revenue = `ifNull(${propertyNumber(params, 'revenue')}, 0)`;
  const dims = [
    spec.category === undefined ? '' : ` AND category = ${params.add(spec.category, 'String')}`,
    spec.event_name === undefined ? '' : ` AND event_name = ${params.add(spec.event_name, 'String')}`,
  ].join('');
  const hourFrom = params.add(h0 / 1000, 'UInt32');
  const hourTo = params.add(h1 / 1000, 'UInt32');
  const straddle = params.add(straddling.map((ms) => ms / 1000), 'Array(UInt32)');
  const rawTime = `timestamp >= ${timeParam(params, range.fromMs)} AND timestamp < ${timeParam(params, range.toMs)}`;
  const rawHour = `toUnixTimestamp(toStartOfHour(timestamp, 'UTC'))`;
  // raw events cover what the rollup part does not: edges and straddling hours (or everything)
  const rawOnly = useRollup ? ` AND (${rawHour} < ${hourFrom} OR ${rawHour} >= ${hourTo} OR has(${straddle}, ${rawHour}))` : '';
  const segment = await segmentCondition(spec.segment, spec.app_id, params, store, nowMs);

  const parts = [
    `SELECT ${bucketExpr(interval, tz)} AS bucket, category, event_name, countState() AS events, uniqState(user_id) AS users,
            uniqExactState(user_id) AS users_exact, sumState(${revenue}) AS revenue
     FROM events WHERE app_id = ${app} AND ${rawTime}${dims}${rawOnly} AND ${segment}
     GROUP BY bucket, category, event_name`,
  ];
  if (useRollup && h1 > h0) {
    parts.push(
      `SELECT ${bucketExpr(interval, tz, 'hour')} AS bucket, category, event_name, events, users, users_exact, revenue
       FROM events_hourly
       WHERE app_id = ${app} AND hour >= toDateTime(${hourFrom}, 'UTC') AND hour < toDateTime(${hourTo}, 'UTC')${dims}
         AND NOT has(${straddle}, toUnixTimestamp(hour))`,
    );
  }
  const rows = await store.query<{ t: number; category: string; event_name: string; events: number; unique_users: number; unique_users_approx: number; revenue: number }>(
    `SELECT toUnixTimestamp(bucket) AS t, category, event_name, countMerge(events) AS events, uniqExactMerge(users_exact) AS unique_users,
            uniqMerge(users) AS unique_users_approx, sumMerge(revenue) AS revenue
     FROM (${parts.join('\nUNION ALL\n')})
     GROUP BY t, category, event_name
     ORDER BY t, category, event_name`,
    params.values,
  );
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    granularity: spec.granularity,
    timezone,
    source: useRollup && h1 > h0 ? 'rollup' : 'events',
    rows: rows.map((r) => ({
      bucket: new Date(r.t * 1000).toISOString(),
      category: r.category,
      event_name: r.event_name,
      events: r.events,
      unique_users: r.unique_users,
      unique_users_approx: r.unique_users_approx,
      revenue: r.revenue,
    })),
  };
}
