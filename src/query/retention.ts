// Retention: cohorts of users by the period of their first start event in [from, to), and for each
// cohort how many came back with the return event in each later period. Definitions (also in
// docs/retention.md):
//
// - Periods are calendar days, ISO weeks (Monday to Sunday) or calendar months in `timezone`
//   (default UTC), so a day across a DST change lasts 23 or 25 hours.
// - A user's cohort is the period of their first start event in [from, to) (or, with `cohort_by`,
//   the value of that property on that first start event; periods are then counted from each
//   user's own first period).
// - values[k] = users of the cohort with a return event in the k-th period after the cohort's
//   (k = 0: the same period, at any time in it, before or after the start event); k runs from 0 to
//   `periods` - 1. Return events count only inside [from, to), so periods that start at or after
//   `to` read 0: `periods_observed` says how many of a cohort's periods start before `to`.
// - percentages[k] = 100 * values[k] / size.
// - `filters` and the segment apply to start and return events alike; `start_filters` and
//   `return_filters` to one kind only.

import { Type, type Static } from 'typebox';
import type { StoreConnection } from '../store/index.ts';
import { FiltersSchema, PropertySourceSchema, fieldExpr } from './filters.ts';
import { AppIdField, EventName, FromField, OTHER_BREAKDOWN_VALUE, ToField, eventCondition, iso, scopeWhere, timeParam } from './insight-common.ts';
import { ParamBag } from './params.ts';
import { appHasPersonLinks, personIdExpr } from './person-ids.ts';
import { SegmentRefSchema } from './segments.ts';
import { checkTimezone, resolveTimeRange } from './time-range.ts';

export const RetentionSpecSchema = Type.Object(
  {
    app_id: AppIdField,
    from: FromField,
    to: ToField,
    start_event: EventName,
    return_event: EventName,
    period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day', description: 'weeks start on Monday' })),
    periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 8, description: 'values per cohort: k = 0 .. periods - 1' })),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA name; periods start at local midnight (default UTC)' })),
    cohort_by: Type.Optional(
      Type.Object(
        {
          property: Type.String({ minLength: 1, maxLength: 128 }),
          source: Type.Optional(PropertySourceSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: `largest N cohorts; the rest form one "${OTHER_BREAKDOWN_VALUE}" cohort` })),
        },
        { additionalProperties: false, description: 'cohort by the value of a property on the first start event instead of by its period' },
      ),
    ),
    filters: Type.Optional(FiltersSchema),
    start_filters: Type.Optional(FiltersSchema),
    return_filters: Type.Optional(FiltersSchema),
    segment: Type.Optional(SegmentRefSchema),
  },
  { additionalProperties: false },
);
export type RetentionSpec = Static<typeof RetentionSpecSchema>;

export interface RetentionCohort {
  /** the period's start (local midnight in `timezone`, as an ISO instant), or the property value */
  cohort: string;
  /** the period's start as a local date (YYYY-MM-DD); absent for property cohorts */
  cohort_date?: string;
  is_other?: boolean;
  size: number;
  values: number[];
  percentages: number[];
  periods_observed?: number;
}

export interface RetentionResult {
  app_id: string;
  from: string;
  to: string;
  period: 'day' | 'week' | 'month';
  periods: number;
  timezone: string;
  cohorts: RetentionCohort[];
}

/** the start of the period holding `ts`, as a local Date in the timezone parameter */
function periodStart(period: RetentionResult['period'], tz: string, ts = 'timestamp'): string {
  const day = `toDate(${ts}, ${tz})`;
  return period === 'day' ? day : period === 'week' ? `toMonday(${day})` : `toStartOfMonth(${day})`;
}

/** whole periods from Date `a` to Date `b` (both period starts) */
function periodsBetween(period: RetentionResult['period'], a: string, b: string): string {
  if (period === 'day') return `toInt32(${b} - ${a})`;
  if (period === 'week') return `intDiv(toInt32(${b} - ${a}), 7)`;
  return `toInt32(toRelativeMonthNum(${b}) - toRelativeMonthNum(${a}))`;
}

interface CohortRow {
  cohort: string;
  cohort_date: string;
  cohort_ms: number;
  size: number;
  values: number[];
  periods_observed: number;
}

export async function retention(store: StoreConnection, spec: RetentionSpec, nowMs = Date.now()): Promise<RetentionResult> {
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  const timezone = checkTimezone(spec.timezone);
  const period = spec.period ?? 'day';
  const periods = spec.periods ?? 8;
  const params = new ParamBag(store.propertyColumns);
  const tz = params.add(timezone, 'String');
  const scope = { appId: spec.app_id, fromMs: range.fromMs, toMs: range.toMs, filters: spec.filters, segment: spec.segment };
  const where = await scopeWhere(scope, params, store, nowMs);
  const isStart = eventCondition(spec.start_event, spec.start_filters, params);
  const isReturn = eventCondition(spec.return_event, spec.return_filters, params);
  const cohortValue = spec.cohort_by ? `argMinIf(${fieldExpr(spec.cohort_by.property, spec.cohort_by.source, params)}, timestamp, is_start)` : `''`;
  const n = params.add(periods, 'UInt32');
  // one person across their ids (person-ids.ts)
  const person = personIdExpr(params, spec.app_id, await appHasPersonLinks(store, spec.app_id));
  const lastPeriod = periodStart(period, tz, timeParam(params, range.toMs - 1));
  const rows = await store.query<CohortRow>(
    `SELECT ${spec.cohort_by ? 'cohort_value' : 'toString(cohort_period)'} AS cohort,
            toString(any(cohort_period)) AS cohort_date,
            toUnixTimestamp(toDateTime(any(cohort_period), ${tz})) * 1000 AS cohort_ms,
            count() AS size,
            toUInt32(least(${n}, greatest(0, ${periodsBetween(period, 'any(cohort_period)', lastPeriod)} + 1))) AS periods_observed,
            sumForEach(arrayMap(k -> toUInt64(has(ks, k)), range(${n}))) AS values
     FROM (
       SELECT cohort_value, cohort_period, arrayMap(p -> ${periodsBetween(period, 'cohort_period', 'p')}, return_periods) AS ks
       FROM (
         -- one scan: each person's first start event and the periods of their return events
         SELECT ${person} AS person, ${periodStart(period, tz, 'minIf(timestamp, is_start)')} AS cohort_period, ${cohortValue} AS cohort_value,
                groupUniqArrayIf(${periodStart(period, tz)}, is_return) AS return_periods
         FROM (SELECT *, ${isStart} AS is_start, ${isReturn} AS is_return FROM events WHERE ${where} AND (is_start OR is_return))
         GROUP BY person
         HAVING countIf(is_start) > 0
       )
     )
     GROUP BY cohort
     ORDER BY ${spec.cohort_by ? 'size DESC, cohort' : 'cohort'}`,
    params.values,
  );
  const percentages = (values: number[], size: number) => values.map((v) => (size === 0 ? 0 : (100 * v) / size));
  let cohorts: RetentionCohort[];
  if (spec.cohort_by) {
    const limit = spec.cohort_by.limit ?? 20;
    cohorts = rows.slice(0, limit).map((r) => ({ cohort: r.cohort, size: r.size, values: r.values, percentages: percentages(r.values, r.size) }));
    const rest = rows.slice(limit);
    if (rest.length > 0) {
      // cohorts are disjoint sets of users, so merging them is adding them up
      const size = rest.reduce((s, r) => s + r.size, 0);
      const values = rest.reduce((acc, r) => acc.map((v, k) => v + r.values[k]), new Array<number>(periods).fill(0));
      cohorts.push({ cohort: OTHER_BREAKDOWN_VALUE, is_other: true, size, values, percentages: percentages(values, size) });
    }
  } else {
    cohorts = rows.map((r) => ({
      cohort: iso(r.cohort_ms),
      cohort_date: r.cohort_date,
      size: r.size,
      values: r.values,
      percentages: percentages(r.values, r.size),
      periods_observed: r.periods_observed,
    }));
  }
  return { app_id: spec.app_id, from: iso(range.fromMs), to: iso(range.toMs), period, periods, timezone, cohorts };
}
