// The engine-best reference per question: hand-written ClickHouse SQL that returns the same answer
// (the same checks as the API's answer) as fast as this engine can, with no Tally in between — one
// scan where one scan is enough, the engine's own aggregate functions (windowFunnel, argMin,
// GROUPING SETS), the event table's sort key in the WHERE. `api / engine_best` per question is
// how far Tally's answer is from what the engine can do on the same machine and data.
//
// One reference answers less than the API: the funnel's, from windowFunnel, gives the step counts
// but not the times to convert (the API computes both); its ratio is therefore pessimistic for
// Tally, and its median checks are not compared.

import type { StoreConnection } from '../../src/store/index.ts';
import type { Checks, QuestionScope } from './questions.ts';
import { pooledZTestP } from './questions.ts';

const DAY_MS = 86_400_000;
const num = (v: unknown) => Number(v ?? 0);
/** a DateTime64(3) literal for a UTC instant */
const ts = (ms: number) => `toDateTime64('${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}', 3, 'UTC')`;

export type EngineBest = (store: StoreConnection) => Promise<Checks>;

/**
 * `columnOf`: the column a property is materialized into, if the run materialized it; the best SQL
 * on such a store reads that column (every value of this dataset is a string).
 */
export function engineBest(scope: QuestionScope, columnOf: (property: string) => string | undefined = () => undefined): Record<string, EngineBest> {
  const text = (property: string) => {
    const column = columnOf(property);
    return column ? `ifNull(${column}, '')` : `JSONExtractString(properties, '${property}')`;
  };
  const app = `'${scope.appId.replace(/'/g, "''")}'`;
  const from30 = scope.endMs - 30 * DAY_MS;
  const day10 = from30 + 10 * DAY_MS;
  const range = `app_id = ${app} AND timestamp >= ${ts(from30)} AND timestamp < ${ts(scope.endMs)}`;
  const pageViews = `${range} AND event_name = 'page_view'`;

  /** a daily series' checks from its (t, value) rows */
  const seriesChecks = (rows: ReadonlyArray<{ t: number; value: number }>): Checks => ({
    total: rows.reduce((s, r) => s + num(r.value), 0),
    day_10: num(rows.find((r) => num(r.t) === day10)?.value),
    buckets_with_data: rows.filter((r) => num(r.value) > 0).length,
  });
  const series = async (store: StoreConnection, value: string): Promise<Checks> =>
    seriesChecks(await store.query(`SELECT toUnixTimestamp(toStartOfDay(timestamp)) * 1000 AS t, ${value} AS value FROM events WHERE ${pageViews} GROUP BY t ORDER BY t`));

  // the range is whole days, so every hour of it is in the events table's hourly projection
  // (migration 0075), which the engine reads when the query's keys are expressions of its keys
  const hours = `toStartOfHour(timestamp) >= toDateTime(${from30 / 1000}, 'UTC') AND toStartOfHour(timestamp) < toDateTime(${scope.endMs / 1000}, 'UTC')`;
  const hourlyCount = async (store: StoreConnection): Promise<Checks> => {
    return seriesChecks(
      await store.query(
        `SELECT toUnixTimestamp(toStartOfDay(toStartOfHour(timestamp))) * 1000 AS t, count() AS value FROM events
         WHERE app_id = ${app} AND event_name = 'page_view' AND ${hours} GROUP BY t ORDER BY t`,
      ),
    );
  };

  return {
    trends_count: hourlyCount,
    trends_unique_users: (store) => series(store, 'uniqExact(user_id)'),

    // one scan grouped by (day, value); the top 10 and "other" ranked over that small result. With
    // `page` in a LowCardinality column, the whole hours come from its projection of hourly counts
    // per value (src/query/materialized-properties.ts), as for the count trend above
    async trends_breakdown(store) {
      const perDay = columnOf('page')
        ? `SELECT toStartOfDay(toStartOfHour(timestamp)) AS t, ${text('page')} AS v, count() AS n FROM events WHERE app_id = ${app} AND event_name = 'page_view' AND ${hours} GROUP BY t, v`
        : `SELECT toStartOfDay(timestamp) AS t, ${text('page')} AS v, count() AS n FROM events WHERE ${pageViews} GROUP BY t, v`;
      const rows = await store.query<{ name: string; is_other: number; rank_n: number; total: number }>(
        `SELECT if(r <= 10, v, '') AS name, r > 10 AS is_other, min(r) AS rank_n, sum(n) AS total
         FROM (
           SELECT v, n, dense_rank() OVER (ORDER BY tot DESC, v) AS r
           FROM (SELECT v, n, sum(n) OVER (PARTITION BY v) AS tot
                 FROM (${perDay}))
         )
         GROUP BY name, is_other ORDER BY is_other, rank_n`,
      );
      const top = rows.filter((r) => !num(r.is_other));
      const other = rows.find((r) => num(r.is_other));
      return { top: top.map((r) => r.name).join(','), top1_total: num(top[0]?.total), other_total: num(other?.total), rows: rows.length };
    },

    // step counts only (see the header)
    async funnel_4_steps(store) {
      const [r] = await store.query<Record<string, number>>(
        `SELECT countIf(level >= 1) AS step1, countIf(level >= 2) AS step2, countIf(level >= 3) AS step3, countIf(level >= 4) AS step4
         FROM (SELECT windowFunnel(86400000)(toUInt64(toUnixTimestamp64Milli(timestamp)),
                 event_name = 'page_view', event_name = 'add_to_cart', event_name = 'checkout', event_name = 'purchase') AS level
               FROM events
               WHERE app_id = ${app} AND event_name IN ('page_view', 'add_to_cart', 'checkout', 'purchase')
                 AND timestamp >= ${ts(from30)} AND timestamp < ${ts(scope.endMs + DAY_MS)}
                 AND (event_name != 'page_view' OR timestamp < ${ts(scope.endMs)})
               GROUP BY user_id)`,
      );
      return { step1: num(r.step1), step2: num(r.step2), step3: num(r.step3), step4: num(r.step4) };
    },

    // each user's first week and the weeks they came back, in one scan
    async retention_weekly(store) {
      const weeksFrom = scope.endMs - 56 * DAY_MS;
      const rows = await store.query<{ cohort: string; k: number; users: number }>(
        `SELECT toString(first_week) AS cohort, k, count() AS users
         FROM (SELECT min(toMonday(timestamp)) AS first_week, groupUniqArray(toMonday(timestamp)) AS weeks
               FROM events WHERE app_id = ${app} AND event_name = 'page_view' AND timestamp >= ${ts(weeksFrom)} AND timestamp < ${ts(scope.endMs)}
               GROUP BY user_id)
         ARRAY JOIN arrayFilter(x -> x < 4, arrayMap(w -> intDiv(toInt32(w - first_week), 7), weeks)) AS k
         GROUP BY first_week, k`,
      );
      const cohorts = [...new Set(rows.map((r) => r.cohort))].sort();
      const value = (i: number, k: number) => num(rows.find((r) => r.cohort === cohorts[i] && num(r.k) === k)?.users);
      return {
        cohorts: cohorts.length,
        users: rows.filter((r) => num(r.k) === 0).reduce((s, r) => s + num(r.users), 0),
        first_size: value(0, 0),
        first_week_1: value(0, 1),
        first_week_3: value(0, 3),
        fifth_week_1: value(4, 1),
      };
    },

    // totals, per event and per day in one scan
    async overview_stats(store) {
      const rows = await store.query<{ g: number; event_name: string; day: string; events: number; unique_users: number; sessions: number }>(
        `SELECT grouping(event_name, day) AS g, event_name, toString(toDate(timestamp)) AS day, count() AS events,
                uniqExact(user_id) AS unique_users, uniqExactIf(session_id, session_id != '') AS sessions
         FROM events WHERE ${range}
         GROUP BY GROUPING SETS ((), (event_name), (day))`,
      );
      const totals = rows.find((r) => num(r.g) === 3)!;
      const top = rows.filter((r) => num(r.g) === 1).sort((a, b) => num(b.events) - num(a.events) || (a.event_name < b.event_name ? -1 : 1));
      return {
        events: num(totals.events), unique_users: num(totals.unique_users), sessions: num(totals.sessions),
        top_event: top[0]?.event_name ?? '', top_event_count: num(top[0]?.events), days: rows.filter((r) => num(r.g) === 2).length,
      };
    },

    // each user's first variant (every variant in this dataset is a string) and whether they converted,
    // in one scan; the first variant is the smallest of (millisecond × 1024 + the value's rank among
    // the range's sorted values, fewer than 1024 here), an integer minimum instead of a tuple's
    async experiment_ab(store) {
      const rows = await store.query<{ variant: string; users: number; conversions: number }>(
        `WITH (SELECT arraySort(groupUniqArrayIf(v, v != '')) FROM (SELECT ${text('variant')} AS v FROM events WHERE ${range})) AS names
         SELECT variant, count() AS users, countIf(converted) AS conversions
         FROM (SELECT names[bitAnd(minIf(toUnixTimestamp64Milli(timestamp) * 1024 + transform(v, names, range(toUInt16(length(names))), toUInt16(1023)), v != ''), 1023) + 1] AS variant,
                      countIf(v != '') > 0 AS assigned, countIf(event_name = 'purchase') > 0 AS converted
               FROM (SELECT user_id, timestamp, event_name, ${text('variant')} AS v FROM events WHERE ${range})
               GROUP BY user_id)
         WHERE assigned GROUP BY variant ORDER BY variant`,
      );
      const checks: Checks = {};
      const vs = rows.map((r) => ({ variant: String(r.variant), users: num(r.users), conversions: num(r.conversions) }));
      for (const v of vs) Object.assign(checks, { [`users_${v.variant}`]: v.users, [`conversions_${v.variant}`]: v.conversions });
      checks.p_value = vs.length === 2 ? Number(pooledZTestP(vs[0], vs[1]).toPrecision(6)) : 'null';
      return checks;
    },
  };
}
