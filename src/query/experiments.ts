// Experiments (A/B/n): who saw which variant, who converted, and whether the difference is real.
// The engine assigns users and sums their outcomes; the statistics live in stats/ (see
// stats/experiment-analysis.ts for the tests, thresholds and corrections). Definitions (also in
// docs/experiments.md):
//
// - A user's variant: the first value of `variant_property` on their events in [from, to) (or, with
//   `exposure_event`, on their exposure events only); at equal times the smaller value. Users with
//   no value are not in the experiment; a JSON null counts as no value.
// - Conversions: users of the variant with a `goal` event in [from, to) (before or after their
//   first exposure, as the contract says).
// - Continuous metric: per user, the sum of `property` over their `event` events in [from, to)
//   (0 for users without one; non-numeric values count as 0).
// - `filters` and the segment apply to every event used (assignment, goal and metric).
// - Sequential looks are the ends of each UTC day of the range holding data: the users assigned
//   and converted by then (a conversion counts from the later of assignment and first goal).
// - At most MAX_VARIANTS variants are analysed: stored ones and those named by `expected_split` or
//   `control`, together. More is refused (400 TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS), never cut.
//
// The statistics run on the analysis pool's worker threads (stats/analysis-pool.ts), never on the
// event loop: the probability to be best costs O(variants² · grid) density evaluations.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { FiltersSchema, propertyExpr } from './filters.ts';
import { AppIdField, EventName, FromField, ToField, eventCondition, iso, scopeWhere } from './insight-common.ts';
import { ParamBag } from './params.ts';
import { appHasPersonLinks, personIdExpr } from './person-ids.ts';
import { SegmentRefSchema } from './segments.ts';
import type { AnalysisPool } from './stats/analysis-pool.ts';
import type { ConversionLook, ExperimentAnalysis, VariantSummary } from './stats/experiment-analysis.ts';
import { DEFAULT_MSPRT_TAU } from './stats/sequential.ts';
import { resolveTimeRange } from './time-range.ts';

/** at most this many variants are analysed (stored and named by the spec, together) */
export const MAX_VARIANTS = 20;
const Goal = Type.Object({ event: EventName, filters: Type.Optional(FiltersSchema) }, { additionalProperties: false });

export const ExperimentSpecSchema = Type.Object(
  {
    app_id: AppIdField,
    from: FromField,
    to: ToField,
    variant_property: Type.Optional(Type.String({ minLength: 1, maxLength: 128, default: 'variant' })),
    exposure_event: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'read the variant only from this event' })),
    control: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the control variant (default: the first in alphabetical order)' })),
    goal: Goal,
    metric: Type.Optional(
      Type.Union([
        Type.Object({ type: Type.Literal('conversion') }, { additionalProperties: false }),
        Type.Object(
          { type: Type.Literal('continuous'), event: EventName, property: Type.String({ minLength: 1, maxLength: 128 }), filters: Type.Optional(FiltersSchema) },
          { additionalProperties: false, description: 'per-user sum of a numeric property (revenue, watch time), compared with Welch\'s t-test' },
        ),
      ]),
    ),
    confidence_level: Type.Optional(Type.Number({ minimum: 0.5, maximum: 0.999, default: 0.95 })),
    sequential: Type.Optional(Type.Boolean({ default: false, description: 'always-valid p-values (mSPRT): safe to look every day' })),
    sequential_tau: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, default: DEFAULT_MSPRT_TAU, description: 'mSPRT mixing scale, in per-user standard deviations' })),
    expected_split: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.Number({ minimum: 0 }), { maxProperties: MAX_VARIANTS, description: 'intended share of users per variant, e.g. {"A": 0.5, "B": 0.5} (default equal)' }),
    ),
    min_users_per_variant: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100 })),
    min_conversions_per_variant: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 5 })),
    filters: Type.Optional(FiltersSchema),
    segment: Type.Optional(SegmentRefSchema),
  },
  { additionalProperties: false },
);
export type ExperimentSpec = Static<typeof ExperimentSpecSchema>;

export type ExperimentResult = { app_id: string; from: string; to: string; variant_property: string } & ExperimentAnalysis;

interface SummaryRow {
  variant: string;
  users: number;
  conversions: number;
  mean: number;
  variance: number;
  total: number;
}

function tooManyVariants(detail: string): TallyError {
  return new TallyError('TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS', [MAX_VARIANTS, detail]);
}

export async function experiments(store: StoreConnection, spec: ExperimentSpec, analyzer: Pick<AnalysisPool, 'analyze'>, nowMs = Date.now()): Promise<ExperimentResult> {
  const named = new Set([...Object.keys(spec.expected_split ?? {}), ...(spec.control ? [spec.control] : [])]);
  if (named.size > MAX_VARIANTS) throw tooManyVariants(`expected_split and control name ${named.size}`);
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  const metric = spec.metric?.type === 'continuous' ? spec.metric : undefined;
  const variantProperty = spec.variant_property ?? 'variant';
  const params = new ParamBag(store.propertyColumns);
  const where = await scopeWhere({ appId: spec.app_id, fromMs: range.fromMs, toMs: range.toMs, filters: spec.filters, segment: spec.segment }, params, store, nowMs);
  const variant = propertyExpr(variantProperty, params);
  // a value that reads as 'null' or starts like an object or array may be one (or a string that
  // looks like one): only those rows ask the value's JSON type, a second parse of the object. With
  // the variant in a column of its own, the JSON text is not read at all unless such a value is in
  // range (reading the column `properties` cost 15 of 75 ms on the 1M-event benchmark)
  const ambiguous = `${variant} = 'null' OR startsWith(${variant}, '{') OR startsWith(${variant}, '[')`;
  const jsonType = `JSONType(properties, ${params.add(variantProperty, 'String')}) NOT IN ('Null', 'Object', 'Array')`;
  // with the variant in a column, a short list of its values tells both whether one is ambiguous
  // and how to rank them (see Ranking); with too many values, the engine is asked
  const column = params.propertyColumns.columnOf(variantProperty);
  const planFor = async (values: readonly string[] | undefined): Promise<Plan> => {
    const needsJsonType = column === undefined || (values ? values.some(looksAmbiguous) : await anyEvent(store, `${where} AND (${ambiguous})`, params));
    return { present: needsJsonType ? `multiIf(${ambiguous}, ${jsonType}, 1)` : '1', ranking: values && rankingExprs(values, params) };
  };
  const exposure = spec.exposure_event ? ` AND event_name = ${params.add(spec.exposure_event, 'String')}` : '';
  // one person across their ids (person-ids.ts): a user's variant, goal and metric are the person's
  const person = personIdExpr(params, spec.app_id, await appHasPersonLinks(store, spec.app_id));
  // one scan of the range: each person's first variant, whether and when they reached the goal, and
  // the metric's sum, as conditional aggregates over the same rows (no join of three scans)
  const goal = eventCondition(spec.goal.event, spec.goal.filters, params);
  const metricColumns = metric ? `, ${eventCondition(metric.event, metric.filters, params)} AS is_metric, ifNull(toFloat64OrNull(${propertyExpr(metric.property, params)}), 0) AS metric_value` : '';
  const perUser = ({ present, ranking }: Plan, withTimes: boolean) => `
    SELECT person AS user_id, ${ranking?.first ?? 'argMinIf(v, (timestamp, v), assigned)'} AS variant,
           toUInt8(countIf(is_goal) > 0) AS converted,
           ${withTimes ? 'minIf(timestamp, assigned) AS assigned_at, minIf(timestamp, is_goal) AS first_goal,' : ''}
           ${metric ? 'sumIf(metric_value, is_metric)' : 'toFloat64(0)'} AS value
    FROM (
      SELECT ${person} AS person, timestamp, ${variant} AS v, (v != ''${exposure} AND ${present}) AS assigned, ${goal} AS is_goal${metricColumns}${ranking ? `, ${ranking.rank} AS rank` : ''}
      FROM events WHERE ${where}
    )
    GROUP BY person HAVING countIf(assigned) > 0`;
  const summarize = (plan: Plan) =>
    store.query<SummaryRow>(
      `SELECT variant, count() AS users, sum(converted) AS conversions, avg(value) AS mean, if(count() > 1, varSamp(value), 0) AS variance, sum(value) AS total
       FROM (${perUser(plan, false)}) GROUP BY variant ORDER BY variant LIMIT ${MAX_VARIANTS + 1}`,
      params.values,
    );
  // the values this app's column was last read with, else those in range; a value missing from
  // them shows as variant '' where it could come first (see Ranking): then those in range are read
  // (or read again) and, if one is still missing (stored meanwhile), the tuples answer
  const known = column === undefined ? undefined : knownValues(store).get(`${spec.app_id}\u0000${column}`);
  const readValues = async () => (column === undefined ? undefined : rememberValues(store, `${spec.app_id}\u0000${column}`, known, await variantValues(store, where, column, params)));
  let plan = await planFor(known ?? (await readValues()));
  let rows = await summarize(plan);
  if (known && plan.ranking && rows.some((r) => r.variant === '')) {
    plan = await planFor(await readValues());
    rows = await summarize(plan);
  }
  if (plan.ranking && rows.some((r) => r.variant === '')) {
    plan = await planFor(undefined);
    rows = await summarize(plan);
  }
  if (rows.length > MAX_VARIANTS) throw tooManyVariants(`property ${variantProperty.slice(0, 64)} has more than ${MAX_VARIANTS} values`);
  const unstored = [...named].filter((name) => !rows.some((r) => r.variant === name)).length;
  if (rows.length + unstored > MAX_VARIANTS) throw tooManyVariants(`${rows.length} variants have users and expected_split or control name ${unstored} more`);

  // variants named by the spec but without users still take part (with 0 users)
  const summaries = new Map<string, VariantSummary>(rows.map((r) => [r.variant, { ...r }]));
  for (const name of named) {
    if (!summaries.has(name)) summaries.set(name, { variant: name, users: 0, conversions: 0, mean: 0, variance: 0, total: 0 });
  }

  let looks: ConversionLook[] | undefined;
  if (spec.sequential && !metric && rows.length > 0) {
    const daily = await store.query<{ variant: string; day: string; users: number; conversions: number }>(
      `SELECT variant, toString(x.1) AS day, sum(x.2) AS users, sum(x.3) AS conversions
       FROM (SELECT variant, arrayJoin([(toDate(assigned_at), 1, 0), (toDate(greatest(assigned_at, first_goal)), 0, converted)]) AS x FROM (${perUser(plan, true)}))
       GROUP BY variant, day ORDER BY day`,
      params.values,
    );
    looks = cumulativeLooks(daily);
  }

  const analysis = await analyzer.analyze([...summaries.values()], {
    metric: metric ? 'continuous' : 'conversion',
    confidenceLevel: spec.confidence_level ?? 0.95,
    control: spec.control,
    expectedSplit: spec.expected_split,
    minUsers: spec.min_users_per_variant ?? 100,
    minConversions: spec.min_conversions_per_variant ?? 5,
    sequential: spec.sequential ?? false,
    tau: spec.sequential_tau ?? DEFAULT_MSPRT_TAU,
    looks,
  });
  return { app_id: spec.app_id, from: iso(range.fromMs), to: iso(range.toMs), variant_property: variantProperty, ...analysis };
}

/** at most this many distinct values of a variant property are ranked (see Ranking) */
const RANKED_VALUES_MAX = 1000; // ranks below 1024

/** how the per-person statement reads the variant */
interface Plan {
  /** whether a row's value is present (not a JSON null, object or array) */
  readonly present: string;
  readonly ranking: Ranking | undefined;
}

/** per store, "app \0 column" → the sorted values last read (the oldest key goes past KNOWN_VALUES_MAX) */
const knownValuesByStore = new WeakMap<StoreConnection, Map<string, readonly string[]>>();
const KNOWN_VALUES_MAX = 1000;

function knownValues(store: StoreConnection): Map<string, readonly string[]> {
  let known = knownValuesByStore.get(store);
  if (!known) knownValuesByStore.set(store, (known = new Map()));
  return known;
}

/** byte order, as the engine compares strings */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Keeps the values read in range together with those known before (a superset ranks as well),
 * or alone when together they pass RANKED_VALUES_MAX; forgets them when the range has more.
 */
function rememberValues(store: StoreConnection, key: string, before: readonly string[] | undefined, read: string[] | undefined): string[] | undefined {
  const known = knownValues(store);
  known.delete(key);
  if (read === undefined) return undefined;
  const merged = before ? [...new Set([...before, ...read])].sort(byBytes) : read;
  const values = merged.length <= RANKED_VALUES_MAX ? merged : read;
  known.set(key, values);
  if (known.size > KNOWN_VALUES_MAX) known.delete(known.keys().next().value as string);
  return values;
}

/** the values of a materialized variant column in range, sorted as the engine compares strings; undefined when there are more than RANKED_VALUES_MAX */
async function variantValues(store: StoreConnection, where: string, column: string, params: ParamBag): Promise<string[] | undefined> {
  // grouped by the column itself, the engine groups its dictionary's keys, not each row's text
  const limit = RANKED_VALUES_MAX + 1;
  const rows = await store.query<{ v: string | null }>(`SELECT ${column} AS v FROM events WHERE ${where} GROUP BY v ORDER BY v LIMIT ${limit}`, params.values);
  if (rows.length >= limit) return undefined;
  return rows.flatMap((r) => (r.v === null || r.v === '' ? [] : [r.v]));
}

/** `ambiguous` of experiments(), for a value read from its column */
function looksAmbiguous(v: string): boolean {
  return v === 'null' || v.startsWith('{') || v.startsWith('[');
}

/** whether any event matches `condition` */
async function anyEvent(store: StoreConnection, condition: string, params: ParamBag): Promise<boolean> {
  const [row] = await store.query<{ found: number }>(`SELECT count() > 0 AS found FROM events WHERE ${condition}`, params.values);
  return Boolean(row?.found);
}

/**
 * A person's first assigned value of `v` (the inner rows' variant), the smaller value at equal
 * times, from the range's values sorted (variantValues): each row's key is its millisecond times
 * 1024 plus its value's rank (1 for the smallest), and the smallest key holds both. One integer
 * minimum a row is 2–2.5× faster than `argMinIf(v, (timestamp, v), assigned)`, whose tuples copy
 * each row's value (1M events: 83 → 33 ms for the statement, bench/README.md).
 *
 * A value missing from the list (stored since the list was read, or only in this range) has rank
 * 0: at its time or earlier it beats every ranked value, and the person's variant is `names[0]`,
 * which is ''. No assigned value is '', so a variant '' in the answer says such a value may come
 * first for someone; later than a ranked value, it changes nothing.
 */
interface Ranking {
  /** the row's rank, an inner column */
  readonly rank: string;
  /** the person's first value, an aggregate over the inner rows */
  readonly first: string;
}

function rankingExprs(values: readonly string[], params: ParamBag): Ranking {
  const names = params.add(values, 'Array(String)');
  const ranks = params.add(values.map((_, i) => i + 1), 'Array(UInt16)');
  return {
    rank: `transform(v, ${names}, ${ranks}, toUInt16(0))`,
    first: `arrayElement(${names}, bitAnd(minIf(toUnixTimestamp64Milli(timestamp) * 1024 + rank, assigned), 1023))`,
  };
}

/** running totals per variant at the end of each day that has data */
function cumulativeLooks(daily: ReadonlyArray<{ variant: string; day: string; users: number; conversions: number }>): ConversionLook[] {
  const running = new Map<string, { users: number; conversions: number }>();
  const looks: ConversionLook[] = [];
  const days = [...new Set(daily.map((d) => d.day))].sort();
  for (const day of days) {
    for (const d of daily) {
      if (d.day !== day) continue;
      const r = running.get(d.variant) ?? { users: 0, conversions: 0 };
      running.set(d.variant, { users: r.users + d.users, conversions: r.conversions + d.conversions });
    }
    looks.push({ at: day, counts: new Map([...running].map(([k, v]) => [k, { ...v }])) });
  }
  return looks;
}
