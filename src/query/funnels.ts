// Funnels: how many users went through steps 1..k (ordered, strict or in any order) within a
// conversion window, how long it took them, and (with a breakdown) the same per property value.
// The best attempt of each user is computed by the engine (funnel-attempts.ts, which defines the
// semantics); this file aggregates it: counts per step, conversion, drop-off and time quantiles.
//
// Time quantiles interpolate linearly between the two nearest ranks (quantileExactInclusive, the
// same as numpy's default percentile): the median of 1, 2, 3, 4 is 2.5.

import { Type, type Static } from 'typebox';
import type { StoreConnection } from '../store/index.ts';
import { FiltersSchema } from './filters.ts';
import { funnelAttemptsSql, type FunnelOrder, type FunnelScope } from './funnel-attempts.ts';
import { AppIdField, BreakdownField, DurationField, EventName, FromField, OTHER_BREAKDOWN_VALUE, ToField, iso, parseDurationMs, ratio } from './insight-common.ts';
import { ParamBag } from './params.ts';
import { SegmentRefSchema } from './segments.ts';
import { resolveTimeRange } from './time-range.ts';

export const FunnelStepSchema = Type.Object({ event: EventName, filters: Type.Optional(FiltersSchema) }, { additionalProperties: false });

export const FunnelSpecFields = {
  app_id: AppIdField,
  from: FromField,
  to: ToField,
  window: DurationField('conversion window from the first step: 30m, 2h, 1d, 7d... (inclusive; at most 366d)', '1d'),
  order: Type.Optional(
    Type.Union([Type.Literal('ordered'), Type.Literal('strict'), Type.Literal('any')], {
      default: 'ordered',
      description: 'ordered: steps in order, other events may come between; strict: consecutive events; any: in any order',
    }),
  ),
  steps: Type.Array(FunnelStepSchema, { minItems: 2, maxItems: 10 }),
  filters: Type.Optional(FiltersSchema),
  segment: Type.Optional(SegmentRefSchema),
};

export const FunnelSpecSchema = Type.Object(
  { ...FunnelSpecFields, breakdown: BreakdownField },
  { additionalProperties: false, description: 'count at step k = users who completed steps 1..k within `window` of a step-1 event inside [from, to)' },
);
export type FunnelSpec = Static<typeof FunnelSpecSchema>;

export interface FunnelStepResult {
  event: string;
  /** users whose best attempt reached this step */
  count: number;
  conversion_from_first: number;
  conversion_from_previous: number;
  /** users who reached the previous step but not this one (0 for step 1) */
  drop_off: number;
  drop_off_rate: number;
  /** from the attempt's first event to this step (null for step 1 and for empty steps) */
  median_time_to_convert_ms: number | null;
  p90_time_to_convert_ms: number | null;
  /** from the previous step to this one */
  median_time_from_previous_ms: number | null;
  p90_time_from_previous_ms: number | null;
}

export interface FunnelResult {
  app_id: string;
  from: string;
  to: string;
  window_ms: number;
  order: FunnelOrder;
  steps: FunnelStepResult[];
  breakdown?: Array<{ breakdown_value: string; is_other?: boolean; steps: FunnelStepResult[] }>;
}

/** the funnel spec resolved: time range, window, defaults */
export function resolveFunnelScope(spec: Omit<FunnelSpec, 'breakdown'> & { breakdown?: FunnelSpec['breakdown'] }, nowMs: number): FunnelScope {
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  return {
    appId: spec.app_id,
    fromMs: range.fromMs,
    toMs: range.toMs,
    windowMs: parseDurationMs(spec.window ?? '1d', 'window'),
    order: spec.order ?? 'ordered',
    steps: spec.steps,
    filters: spec.filters,
    segment: spec.segment,
    breakdown: spec.breakdown ? { property: spec.breakdown.property, source: spec.breakdown.source } : undefined,
  };
}

interface StepRow {
  is_total: number;
  grp: string;
  k: number;
  users: number;
  conv: [number, number];
  prev: [number, number];
}

function stepsOf(events: readonly string[], rows: readonly StepRow[]): FunnelStepResult[] {
  const byStep = new Map(rows.map((r) => [r.k, r]));
  const counts = events.map((_, i) => byStep.get(i + 1)?.users ?? 0);
  return events.map((event, i) => {
    const row = byStep.get(i + 1);
    const count = counts[i];
    const previous = i === 0 ? count : counts[i - 1];
    const timed = i > 0 && row !== undefined && count > 0;
    return {
      event,
      count,
      conversion_from_first: i === 0 ? (count > 0 ? 1 : 0) : ratio(count, counts[0]),
      conversion_from_previous: i === 0 ? (count > 0 ? 1 : 0) : ratio(count, previous),
      drop_off: previous - count,
      drop_off_rate: i === 0 ? 0 : ratio(previous - count, previous),
      median_time_to_convert_ms: timed ? row.conv[0] : null,
      p90_time_to_convert_ms: timed ? row.conv[1] : null,
      median_time_from_previous_ms: timed ? row.prev[0] : null,
      p90_time_from_previous_ms: timed ? row.prev[1] : null,
    };
  });
}

export async function funnels(store: StoreConnection, spec: FunnelSpec, nowMs = Date.now()): Promise<FunnelResult> {
  const scope = resolveFunnelScope(spec, nowMs);
  const params = new ParamBag(store.propertyColumns);
  const attempts = await funnelAttemptsSql(scope, params, store, nowMs);
  const measures = `count() AS users,
      quantilesExactInclusive(0.5, 0.9)(times[k] - anchor) AS conv,
      quantilesExactInclusive(0.5, 0.9)(times[k] - times[greatest(k - 1, 1)]) AS prev`;
  let sql: string;
  if (spec.breakdown) {
    // values ranked by users at step 1; past the top N they form one group
    const limit = params.add(spec.breakdown.limit ?? 10, 'UInt32');
    sql = `SELECT grouping(grp) AS is_total, grp, k, ${measures}
      FROM (
        SELECT times, anchor, if(dense_rank() OVER (ORDER BY value_users DESC, bval) <= ${limit}, bval, ${params.add(OTHER_BREAKDOWN_VALUE, 'String')}) AS grp
        FROM (SELECT times, anchor, bval, count() OVER (PARTITION BY bval) AS value_users FROM (${attempts}))
      )
      ARRAY JOIN arrayEnumerate(times) AS k
      GROUP BY GROUPING SETS ((k), (grp, k))`;
  } else {
    sql = `SELECT 1 AS is_total, '' AS grp, k, ${measures} FROM (${attempts}) ARRAY JOIN arrayEnumerate(times) AS k GROUP BY k`;
  }
  const rows = await store.query<StepRow>(sql, params.values);
  const events = spec.steps.map((s) => s.event);
  const result: FunnelResult = {
    app_id: spec.app_id,
    from: iso(scope.fromMs),
    to: iso(scope.toMs),
    window_ms: scope.windowMs,
    order: scope.order,
    steps: stepsOf(events, rows.filter((r) => r.is_total === 1)),
  };
  if (spec.breakdown) {
    const groups = new Map<string, StepRow[]>();
    for (const r of rows) if (r.is_total === 0) groups.set(r.grp, [...(groups.get(r.grp) ?? []), r]);
    const stepOne = (g: string) => groups.get(g)?.find((r) => r.k === 1)?.users ?? 0;
    const values = [...groups.keys()].filter((g) => g !== OTHER_BREAKDOWN_VALUE).sort((a, b) => stepOne(b) - stepOne(a) || (a < b ? -1 : a > b ? 1 : 0));
    result.breakdown = values.map((g) => ({ breakdown_value: g, steps: stepsOf(events, groups.get(g) ?? []) }));
    const other = groups.get(OTHER_BREAKDOWN_VALUE);
    if (other) result.breakdown.push({ breakdown_value: OTHER_BREAKDOWN_VALUE, is_other: true, steps: stepsOf(events, other) });
  }
  return result;
}
