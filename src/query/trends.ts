// Trends: one or more series of a measure of events per time bucket, optionally broken down by a
// property or context field (top N values plus "other") and compared with the previous period of
// the same length. Buckets are in the spec's timezone; every bucket that overlaps [from, to) is
// present, empty ones as 0; `t` is the bucket start as an ISO UTC instant.
//
// Breakdown values are ranked over the whole range by the series' own measure for count, sum and
// the unique counts, and by event count for avg/min/max/percentiles; ties by value. The previous
// period uses the current period's top values, so a value's two series compare like with like.
// Percentiles are exact with linear interpolation (quantileExactInclusive, as Excel PERCENTILE.INC);
// avg/min/max/percentiles of a bucket without numeric values are 0.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import { APP_ID_PATTERN, toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { bucketSecondsExpr, guardBuckets, HOUR_MS, listBuckets, straddlingHours, type Interval } from './buckets.ts';
import { FiltersSchema, PropertySourceSchema, compileFilters, fieldExpr, propertyExpr, type Filter } from './filters.ts';
import { ParamBag } from './params.ts';
import { appHasPersonLinks, personIdExpr } from './person-ids.ts';
import { SegmentRefSchema, segmentCondition } from './segments.ts';
import { timeParam } from './sql.ts';
import { checkTimezone, resolveTimeRange } from './time-range.ts';

export const TREND_MATHS = ['count', 'unique_users', 'unique_users_approx', 'unique_sessions', 'sum', 'avg', 'min', 'max', 'p50', 'p90', 'p99'] as const;
export type TrendMath = (typeof TREND_MATHS)[number];
const PROPERTY_MATHS: ReadonlySet<TrendMath> = new Set(['sum', 'avg', 'min', 'max', 'p50', 'p90', 'p99']);

/** uniqCombined(17) over String keys: HyperLogLog with 2^17 cells, relative standard error 1.04/sqrt(2^17) */
export const APPROX_UNIQ_PRECISION = 17;
export const APPROX_UNIQ_RELATIVE_STANDARD_ERROR = Number((1.04 / Math.sqrt(2 ** APPROX_UNIQ_PRECISION)).toFixed(5));

export const TrendSeriesSchema = Type.Object(
  {
    event: Type.String({ minLength: 1, maxLength: 200 }),
    math: Type.Optional(
      Type.Union([
        Type.Literal('count'), Type.Literal('unique_users'), Type.Literal('unique_users_approx'), Type.Literal('unique_sessions'), Type.Literal('sum'),
        Type.Literal('avg'), Type.Literal('min'), Type.Literal('max'), Type.Literal('p50'), Type.Literal('p90'), Type.Literal('p99'),
      ], { default: 'count' }),
    ),
    property: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'numeric property for sum/avg/min/max/p50/p90/p99' })),
    filters: Type.Optional(FiltersSchema),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const TrendsSpecSchema = Type.Object(
  {
    app_id: Type.String({ pattern: APP_ID_PATTERN }),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'inclusive; ISO or relative like -30d (default -30d)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'exclusive; ISO or relative (default now)' })),
    interval: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' })),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA name; buckets start at local midnight (default UTC)' })),
    series: Type.Array(TrendSeriesSchema, { minItems: 1, maxItems: 10 }),
    breakdown: Type.Optional(
      Type.Object(
        {
          property: Type.String({ minLength: 1, maxLength: 128 }),
          source: Type.Optional(PropertySourceSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'top N values; the rest form one "other" series' })),
        },
        { additionalProperties: false },
      ),
    ),
    filters: Type.Optional(FiltersSchema),
    segment: Type.Optional(SegmentRefSchema),
    compare: Type.Optional(Type.Boolean({ description: 'add each series over the previous period of the same length' })),
  },
  { additionalProperties: false },
);
export type TrendsSpec = Static<typeof TrendsSpecSchema>;
export type TrendSeriesSpec = Static<typeof TrendSeriesSchema>;

export interface TrendPoint {
  readonly t: string;
  readonly value: number;
}

export interface TrendSeries {
  readonly label: string;
  readonly event: string;
  readonly math: TrendMath;
  readonly breakdown_value?: string;
  /** true on the series that sums up every breakdown value outside the top N */
  readonly is_other?: boolean;
  readonly compare?: 'previous';
  /** unique_users_approx only: relative standard error of each value (95% within about 2x) */
  readonly error_bound?: { readonly relative_standard_error: number; readonly method: string };
  readonly points: readonly TrendPoint[];
}

export interface TrendsResult {
  readonly from: string;
  readonly to: string;
  readonly interval: Interval;
  readonly timezone: string;
  readonly series: readonly TrendSeries[];
}

export const OTHER_BREAKDOWN_VALUE = '$other';

/** who a user-counting math counts: the person behind each id (person-ids.ts) */
function personOf(math: TrendMath, params: ParamBag, appId: string, linked: boolean): string {
  return math === 'unique_users' || math === 'unique_users_approx' ? personIdExpr(params, appId, linked) : 'user_id';
}

/** `person`: the SQL of the person an event counts for */
function mathExpr(math: TrendMath, property: string | undefined, params: ParamBag, person = 'user_id'): string {
  if (PROPERTY_MATHS.has(math) && property === undefined) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`math ${math} needs a property`]);
  const v = property === undefined ? '' : `toFloat64OrNull(${propertyExpr(property, params)})`;
  switch (math) {
    case 'count':
      return 'toFloat64(count())';
    case 'unique_users':
      return `toFloat64(uniqExact(${person}))`;
    case 'unique_users_approx':
      return `toFloat64(uniqCombined(${APPROX_UNIQ_PRECISION})(${person}))`;
    case 'unique_sessions':
      return `toFloat64(uniqExactIf(session_id, session_id != ''))`;
    case 'sum':
      return `coalesce(sum(${v}), 0)`;
    case 'avg':
      return `coalesce(avg(${v}), 0)`;
    case 'min':
      return `coalesce(min(${v}), 0)`;
    case 'max':
      return `coalesce(max(${v}), 0)`;
    case 'p50':
    case 'p90':
    case 'p99':
      return `coalesce(quantileExactInclusive(${Number(math.slice(1)) / 100})(${v}), 0)`;
  }
}

/** maths whose per-(bucket, value) results add up to a value's total and to "other" */
const ADDITIVE_MATHS: ReadonlySet<TrendMath> = new Set(['count', 'sum']);

/** what ranks breakdown values: the measure itself when it adds up over a range, else event count */
function rankExpr(math: TrendMath, property: string | undefined, params: ParamBag, person: string): string {
  return ['avg', 'min', 'max', 'p50', 'p90', 'p99'].includes(math) ? 'count()' : mathExpr(math, property, params, person);
}

function defaultLabel(s: TrendSeriesSpec): string {
  const math: TrendMath = s.math ?? 'count';
  if (math === 'count') return s.event;
  return PROPERTY_MATHS.has(math) ? `${s.event} · ${math}(${s.property ?? ''})` : `${s.event} · ${math}`;
}

interface Period {
  readonly fromMs: number;
  readonly toMs: number;
}

/** the WHERE of one series over one period (values bound into `params`) */
function seriesWhere(appId: string, s: TrendSeriesSpec, shared: readonly Filter[] | undefined, segment: string, period: Period, params: ParamBag): string {
  return [
    `app_id = ${params.add(appId, 'String')}`,
    `event_name = ${params.add(s.event, 'String')}`,
    `timestamp >= ${params.add(toEngineTime(period.fromMs), "DateTime64(3, 'UTC')")}`,
    `timestamp < ${params.add(toEngineTime(period.toMs), "DateTime64(3, 'UTC')")}`,
    compileFilters(s.filters, params),
    compileFilters(shared, params),
    segment,
  ].join(' AND ');
}

/**
 * A count of one event with no filter or segment, from a projection of hourly counts for the
 * range's whole UTC hours and from events for the partial hours at either end: `hourly_counts`
 * (migration 0075), or with `by`, a LowCardinality property column's own, per value
 * (materialized-properties.ts). Rows (t, value), or with `by` (t, v, n). Undefined when the range
 * holds no whole hour, or when an hour straddles a bucket boundary (a zone with a half-hour
 * offset): then events answer it all.
 */
async function hourlyCountSql(store: StoreConnection, appId: string, event: string, interval: Interval, timezone: string, period: Period, params: ParamBag, by?: string): Promise<string | undefined> {
  const h0 = Math.ceil(period.fromMs / HOUR_MS) * HOUR_MS;
  const h1 = Math.floor(period.toMs / HOUR_MS) * HOUR_MS;
  if (h1 <= h0) return undefined;
  // in UTC every bucket is whole UTC hours; another zone asks the engine which hours straddle
  if (!UTC_ZONES.has(timezone) && (await straddlingHours(store, interval, timezone, h0, h1)).length > 0) return undefined;
  const tz = params.add(timezone, 'String');
  const scope = `app_id = ${params.add(appId, 'String')} AND event_name = ${params.add(event, 'String')}`;
  const hour = 'toStartOfHour(timestamp)';
  const [v, keys] = by === undefined ? ['', 't'] : [`, ${by} AS v`, 't, v'];
  const whole = `SELECT ${bucketSecondsExpr(interval, tz, hour)} AS t${v}, toFloat64(count()) AS n FROM events
      WHERE ${scope} AND ${hour} >= toDateTime(${params.add(h0 / 1000, 'UInt32')}, 'UTC') AND ${hour} < toDateTime(${params.add(h1 / 1000, 'UInt32')}, 'UTC') GROUP BY ${keys}`;
  const out = by === undefined ? 't, n AS value' : 't, v, n';
  if (h0 === period.fromMs && h1 === period.toMs) return `SELECT ${out} FROM (${whole})`;
  // the edges by timestamp, so the sort key narrows the scan to them
  const edges = `(timestamp >= ${timeParam(params, period.fromMs)} AND timestamp < ${timeParam(params, h0)}) OR (timestamp >= ${timeParam(params, h1)} AND timestamp < ${timeParam(params, period.toMs)})`;
  return `SELECT ${out} FROM (
      SELECT ${keys}, sum(n) AS n FROM (
        ${whole}
        UNION ALL
        SELECT ${bucketSecondsExpr(interval, tz)} AS t${v}, toFloat64(count()) AS n FROM events WHERE ${scope} AND (${edges}) GROUP BY ${keys}
      ) GROUP BY ${keys})`;
}

/** zones that are UTC at every instant */
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'Etc/GMT', 'GMT', 'Universal', 'Zulu', 'UCT']);

function fill(buckets: readonly number[], values: ReadonlyMap<number, number>): TrendPoint[] {
  return buckets.map((ms) => ({ t: new Date(ms).toISOString(), value: values.get(ms) ?? 0 }));
}

export async function trends(store: StoreConnection, spec: TrendsSpec, nowMs = Date.now()): Promise<TrendsResult> {
  const interval = spec.interval ?? 'day';
  const timezone = checkTimezone(spec.timezone);
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  guardBuckets(interval, range.fromMs, range.toMs);
  const current: Period = { fromMs: range.fromMs, toMs: range.toMs };
  const previous: Period = { fromMs: range.fromMs - (range.toMs - range.fromMs), toMs: range.fromMs };
  const periods: Array<[Period, boolean]> = spec.compare ? [[current, false], [previous, true]] : [[current, false]];
  for (const s of spec.series) mathExpr(s.math ?? 'count', s.property, new ParamBag());

  const linked = spec.series.some((s) => s.math === 'unique_users' || s.math === 'unique_users_approx') && (await appHasPersonLinks(store, spec.app_id));
  const out: TrendSeries[] = [];
  const bucketLists = new Map<Period, number[]>();
  for (const [period] of periods) bucketLists.set(period, await listBuckets(store, interval, timezone, period.fromMs, period.toMs));

  for (const s of spec.series) {
    const math: TrendMath = s.math ?? 'count';
    const label = s.label ?? defaultLabel(s);
    const extra = math === 'unique_users_approx' ? { error_bound: { relative_standard_error: APPROX_UNIQ_RELATIVE_STANDARD_ERROR, method: `uniqCombined(${APPROX_UNIQ_PRECISION}) HyperLogLog` } } : {};
    let top: string[] = [];
    // count and sum add up over buckets and values: the top N and the series come from one scan
    const oneScan = spec.breakdown !== undefined && ADDITIVE_MATHS.has(math);
    if (spec.breakdown && !oneScan) {
      const params = new ParamBag(store.propertyColumns);
      const segment = await segmentCondition(spec.segment, spec.app_id, params, store, nowMs);
      const bv = fieldExpr(spec.breakdown.property, spec.breakdown.source, params);
      const rows = await store.query<{ bv: string }>(
        `SELECT ${bv} AS bv, ${rankExpr(math, s.property, params, personOf(math, params, spec.app_id, linked))} AS total FROM events
         WHERE ${seriesWhere(spec.app_id, s, spec.filters, segment, current, params)}
         GROUP BY bv ORDER BY total DESC, bv ASC LIMIT ${params.add(spec.breakdown.limit ?? 10, 'UInt32')}`,
        params.values,
      );
      top = rows.map((r) => String(r.bv));
    }
    for (const [period, isPrevious] of periods) {
      const params = new ParamBag(store.propertyColumns);
      const tz = params.add(timezone, 'String');
      const segment = await segmentCondition(spec.segment, spec.app_id, params, store, nowMs);
      const value = mathExpr(math, s.property, params, personOf(math, params, spec.app_id, linked));
      const bucket = bucketSecondsExpr(interval, tz);
      const buckets = bucketLists.get(period) ?? [];
      const compare = isPrevious ? { compare: 'previous' as const } : {};
      if (!spec.breakdown) {
        const hourly = math === 'count' && interval !== 'minute' && !s.filters?.length && !spec.filters?.length && spec.segment === undefined;
        const sql = (hourly && (await hourlyCountSql(store, spec.app_id, s.event, interval, timezone, period, params))) || `SELECT ${bucket} AS t, ${value} AS value FROM events WHERE ${seriesWhere(spec.app_id, s, spec.filters, segment, period, params)} GROUP BY t`;
        const rows = await store.query<{ t: number; value: number }>(sql, params.values);
        out.push({ label, event: s.event, math, ...compare, ...extra, points: fill(buckets, new Map(rows.map((r) => [r.t * 1000, r.value]))) });
        continue;
      }
      const bv = fieldExpr(spec.breakdown.property, spec.breakdown.source, params);
      const where = seriesWhere(spec.app_id, s, spec.filters, segment, period, params);
      // a count by a LowCardinality property's column: its hourly counts per value, whole hours
      const byHour =
        math === 'count' && interval !== 'minute' && !s.filters?.length && !spec.filters?.length && spec.segment === undefined && (spec.breakdown.source ?? 'properties') === 'properties' && store.propertyColumns.hasHourlyCounts(spec.breakdown.property)
          ? await hourlyCountSql(store, spec.app_id, s.event, interval, timezone, period, params, bv)
          : undefined;
      // per (bucket, value)
      const perValue = byHour ?? `SELECT ${bucket} AS t, ${bv} AS v, ${value} AS n FROM events WHERE ${where} GROUP BY t, v`;
      let rows: Array<{ t: number; in_top: number; b: string; value: number; rk?: number }>;
      if (oneScan && !isPrevious) {
        // per (bucket, value) once; each value's total over the range ranks it (total DESC, value ASC,
        // as the two-scan top-N query orders them); the values past the limit sum into "other"
        rows = await store.query(
          `SELECT t, r <= ${params.add(spec.breakdown.limit ?? 10, 'UInt32')} AS in_top, if(in_top, v, '') AS b, sum(n) AS value, min(r) AS rk
           FROM (SELECT t, v, n, dense_rank() OVER (ORDER BY total DESC, v ASC) AS r
                 FROM (SELECT t, v, n, sum(n) OVER (PARTITION BY v) AS total
                       FROM (${perValue})))
           GROUP BY t, in_top, b`,
          params.values,
        );
        top = [...new Map(rows.filter((r) => r.in_top).map((r) => [Number(r.rk), String(r.b)]))].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
      } else if (byHour) {
        // a count adds up over values
        rows = await store.query(`SELECT t, has(${params.add(top, 'Array(String)')}, v) AS in_top, if(in_top, v, '') AS b, sum(n) AS value FROM (${byHour}) GROUP BY t, in_top, b`, params.values);
      } else {
        rows = await store.query(
          `SELECT ${bucket} AS t, has(${params.add(top, 'Array(String)')}, ${bv}) AS in_top, if(in_top, ${bv}, '') AS b, ${value} AS value
           FROM events WHERE ${where} GROUP BY t, in_top, b`,
          params.values,
        );
      }
      const byValue = new Map<string, Map<number, number>>();
      for (const r of rows) {
        const key = r.in_top ? String(r.b) : OTHER_BREAKDOWN_VALUE;
        const m = byValue.get(key) ?? new Map<number, number>();
        m.set(r.t * 1000, r.value);
        byValue.set(key, m);
      }
      for (const v of top) {
        out.push({ label: `${label} · ${v === '' ? '(none)' : v}`, event: s.event, math, breakdown_value: v, ...compare, ...extra, points: fill(buckets, byValue.get(v) ?? new Map()) });
      }
      const other = byValue.get(OTHER_BREAKDOWN_VALUE);
      if (other) out.push({ label: `${label} · other`, event: s.event, math, breakdown_value: OTHER_BREAKDOWN_VALUE, is_other: true, ...compare, ...extra, points: fill(buckets, other) });
    }
  }
  return { from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString(), interval, timezone, series: out };
}
