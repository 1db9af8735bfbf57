// The benchmark's questions, each asked two ways: as a Tally API request (the DESIGN.md "Insight
// specs" contract) and as hand-written SQL for the seeds' Postgres design (JSONB properties) that
// returns the same answer. Each side reduces its answer to a few comparable values ("checks"), so
// the run can warn when Tally and Postgres disagree.

import jStat from 'jstat';
import type pg from 'pg';

export type Checks = Record<string, number | string>;

export interface Question {
  readonly id: string;
  readonly title: string;
  /** DESIGN.md target for the API p50 on 10M events, if any */
  readonly targetP50Ms?: number;
  readonly path: string;
  readonly body: Record<string, unknown>;
  tallyChecks(answer: unknown): Checks;
  postgres(client: pg.Client): Promise<Checks>;
}

export interface QuestionScope {
  readonly appId: string;
  /** end of the data (exclusive), a Monday 00:00 UTC */
  readonly endMs: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const num = (v: unknown) => Number(v ?? 0);
const round3 = (v: unknown) => (v === null || v === undefined ? 'null' : Math.round(Number(v) * 1000) / 1000);

async function rows(client: pg.Client, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return (await client.query(sql, params)).rows as Record<string, unknown>[];
}

interface Point {
  t: string;
  value: number;
}
interface Series {
  breakdown_value?: string;
  is_other?: boolean;
  points: Point[];
}

function seriesChecks(points: readonly { t: number; value: number }[], dayMs: number): Checks {
  return {
    total: points.reduce((s, p) => s + p.value, 0),
    day_10: points.find((p) => p.t === dayMs)?.value ?? 0,
    buckets_with_data: points.filter((p) => p.value > 0).length,
  };
}

const tallyPoints = (s: Series) => s.points.map((p) => ({ t: Date.parse(p.t), value: p.value }));
const pgPoints = (rs: Record<string, unknown>[]) => rs.map((r) => ({ t: num(r.t), value: num(r.value) }));

/** the two-sided pooled two-proportion z-test of DESIGN.md (A against B) */
export function pooledZTestP(a: { users: number; conversions: number }, b: { users: number; conversions: number }): number {
  const pooled = (a.conversions + b.conversions) / (a.users + b.users);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.users + 1 / b.users));
  const z = se === 0 ? 0 : (b.conversions / b.users - a.conversions / a.users) / se;
  return 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1));
}

export function questions(scope: QuestionScope): Question[] {
  const app = scope.appId;
  const from30 = scope.endMs - 30 * DAY_MS;
  const to = scope.endMs;
  const day10 = from30 + 10 * DAY_MS;
  const range = [app, iso(from30), iso(to)];
  // eight whole ISO weeks ending at the end of the data
  const weeksFrom = scope.endMs - 56 * DAY_MS;
  const trendWhere = `app_id = $1 AND event_name = 'page_view' AND timestamp >= $2 AND timestamp < $3`;

  const trend = (id: string, title: string, math: 'count' | 'unique_users', pgValue: string): Question => ({
    id,
    title,
    targetP50Ms: 50,
    path: '/v1/insights/trends',
    body: { app_id: app, from: iso(from30), to: iso(to), interval: 'day', series: [{ event: 'page_view', math }] },
    tallyChecks: (answer) => seriesChecks(tallyPoints((answer as { series: Series[] }).series[0]), day10),
    postgres: async (client) =>
      seriesChecks(
        pgPoints(await rows(client, `SELECT extract(epoch FROM date_trunc('day', timestamp))::bigint * 1000 AS t, ${pgValue} AS value FROM events WHERE ${trendWhere} GROUP BY 1 ORDER BY 1`, range)),
        day10,
      ),
  });

  return [
    trend('trends_count', 'trends: daily count of page_view, 30 days', 'count', 'count(*)'),
    trend('trends_unique_users', 'trends: daily unique users of page_view, 30 days', 'unique_users', 'count(DISTINCT user_id)'),
    {
      id: 'trends_breakdown',
      title: 'trends: daily page_view by `page`, top 10 + other',
      targetP50Ms: 50,
      path: '/v1/insights/trends',
      body: { app_id: app, from: iso(from30), to: iso(to), interval: 'day', series: [{ event: 'page_view', math: 'count' }], breakdown: { property: 'page', limit: 10 } },
      tallyChecks(answer) {
        const series = (answer as { series: Series[] }).series;
        const top = series.filter((s) => !s.is_other);
        const total = (s: Series | undefined) => (s ? s.points.reduce((a, p) => a + p.value, 0) : 0);
        return { top: top.map((s) => s.breakdown_value).join(','), top1_total: total(top[0]), other_total: total(series.find((s) => s.is_other)), rows: series.length };
      },
      async postgres(client) {
        const rs = await rows(
          client,
          `WITH base AS (SELECT date_trunc('day', timestamp) AS t, coalesce(properties->>'page', '') AS v FROM events WHERE ${trendWhere}),
                top AS (SELECT v, count(*) AS n FROM base GROUP BY v ORDER BY n DESC, v LIMIT 10)
           SELECT extract(epoch FROM b.t)::bigint * 1000 AS t, coalesce(top.v, '$other') AS name, top.n AS rank_n, count(*) AS value
           FROM base b LEFT JOIN top USING (v) GROUP BY 1, 2, 3`,
          range,
        );
        const totals = new Map<string, { n: number; total: number }>();
        for (const r of rs) {
          const name = String(r.name);
          const e = totals.get(name) ?? { n: r.rank_n === null ? -1 : num(r.rank_n), total: 0 };
          e.total += num(r.value);
          totals.set(name, e);
        }
        const top = [...totals].filter(([name]) => name !== '$other').sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
        return { top: top.map(([name]) => name).join(','), top1_total: top[0]?.[1].total ?? 0, other_total: totals.get('$other')?.total ?? 0, rows: totals.size };
      },
    },
    {
      id: 'funnel_4_steps',
      title: 'funnel: page_view → add_to_cart → checkout → purchase, 1-day window, 30 days',
      targetP50Ms: 200,
      path: '/v1/insights/funnels',
      body: { app_id: app, from: iso(from30), to: iso(to), window: '1d', order: 'ordered', steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'checkout' }, { event: 'purchase' }] },
      tallyChecks(answer) {
        const steps = (answer as { steps: Array<{ count: number; median_time_to_convert_ms: number | null }> }).steps;
        const checks: Checks = {};
        steps.forEach((s, i) => {
          checks[`step${i + 1}`] = s.count;
          if (i > 0) checks[`median${i + 1}_ms`] = round3(s.median_time_to_convert_ms);
        });
        return checks;
      },
      async postgres(client) {
        // Each add_to_cart is anchored at the user's latest page_view in range at or before it (a
        // later start leaves more of the window); later steps take their earliest event inside the
        // anchor's window. A user's best attempt: deepest, then latest start, then earliest step 2.
        const [r] = await rows(
          client,
          `WITH s2 AS (
             SELECT e.user_id, a.t1, e.timestamp AS t2
             FROM events e
             CROSS JOIN LATERAL (
               SELECT p.timestamp AS t1 FROM events p
               WHERE p.user_id = e.user_id AND p.timestamp <= e.timestamp AND p.timestamp >= $2 AND p.timestamp < $3
                 AND p.app_id = $1 AND p.event_name = 'page_view'
               ORDER BY p.timestamp DESC LIMIT 1) a
             WHERE e.app_id = $1 AND e.event_name = 'add_to_cart' AND e.timestamp >= $2 AND e.timestamp < $3::timestamptz + $4::interval
               AND e.timestamp <= a.t1 + $4::interval
           ), s3 AS (
             SELECT s2.*, (SELECT min(c.timestamp) FROM events c WHERE c.user_id = s2.user_id AND c.app_id = $1 AND c.event_name = 'checkout'
                             AND c.timestamp >= s2.t2 AND c.timestamp <= s2.t1 + $4::interval) AS t3
             FROM s2
           ), s4 AS (
             SELECT s3.*, CASE WHEN t3 IS NOT NULL THEN (SELECT min(x.timestamp) FROM events x WHERE x.user_id = s3.user_id AND x.app_id = $1
                             AND x.event_name = 'purchase' AND x.timestamp >= s3.t3 AND x.timestamp <= s3.t1 + $4::interval) END AS t4
             FROM s3
           ), best AS (
             SELECT DISTINCT ON (user_id) user_id, t1, t2, t3, t4 FROM s4
             ORDER BY user_id, (t3 IS NOT NULL)::int + (t4 IS NOT NULL)::int DESC, t1 DESC, t2
           )
           SELECT (SELECT count(DISTINCT user_id) FROM events WHERE app_id = $1 AND event_name = 'page_view' AND timestamp >= $2 AND timestamp < $3) AS step1,
                  count(*) AS step2, count(t3) AS step3, count(t4) AS step4,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t2 - t1) * 1000) AS median2,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t3 - t1) * 1000) AS median3,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t4 - t1) * 1000) AS median4
           FROM best`,
          [...range, '1 day'],
        );
        return {
          step1: num(r.step1), step2: num(r.step2), step3: num(r.step3), step4: num(r.step4),
          median2_ms: round3(r.median2), median3_ms: round3(r.median3), median4_ms: round3(r.median4),
        };
      },
    },
    {
      id: 'retention_weekly',
      title: 'retention: weekly, start page_view, return page_view, 4 periods, 8 weeks',
      targetP50Ms: 200,
      path: '/v1/insights/retention',
      body: { app_id: app, from: iso(weeksFrom), to: iso(to), start_event: 'page_view', return_event: 'page_view', period: 'week', periods: 4 },
      tallyChecks(answer) {
        const cohorts = (answer as { cohorts: Array<{ cohort: string; size: number; values: number[] }> }).cohorts;
        return {
          cohorts: cohorts.length,
          users: cohorts.reduce((s, c) => s + c.size, 0),
          first_size: cohorts[0]?.size ?? 0,
          first_week_1: cohorts[0]?.values[1] ?? 0,
          first_week_3: cohorts[0]?.values[3] ?? 0,
          fifth_week_1: cohorts[4]?.values[1] ?? 0,
        };
      },
      async postgres(client) {
        const rs = await rows(
          client,
          `WITH starts AS (
             SELECT user_id, date_trunc('week', min(timestamp)) AS cohort FROM events
             WHERE app_id = $1 AND event_name = 'page_view' AND timestamp >= $2 AND timestamp < $3 GROUP BY user_id
           ), returns AS (
             SELECT DISTINCT user_id, date_trunc('week', timestamp) AS period FROM events
             WHERE app_id = $1 AND event_name = 'page_view' AND timestamp >= $2 AND timestamp < $3
           )
           SELECT extract(epoch FROM s.cohort)::bigint AS cohort, (extract(epoch FROM r.period - s.cohort) / 604800)::int AS k, count(*) AS users
           FROM starts s JOIN returns r ON r.user_id = s.user_id AND r.period >= s.cohort AND r.period < s.cohort + $4::int * interval '1 week'
           GROUP BY 1, 2
           UNION ALL
           SELECT extract(epoch FROM cohort)::bigint, -1, count(*) FROM starts GROUP BY 1`,
          [app, iso(weeksFrom), iso(to), 4],
        );
        const cohorts = [...new Set(rs.map((r) => num(r.cohort)))].sort((a, b) => a - b);
        const value = (i: number, k: number) => num(rs.find((r) => num(r.cohort) === cohorts[i] && num(r.k) === k)?.users);
        return {
          cohorts: cohorts.length,
          users: rs.filter((r) => num(r.k) === -1).reduce((s, r) => s + num(r.users), 0),
          first_size: value(0, -1),
          first_week_1: value(0, 1),
          first_week_3: value(0, 3),
          fifth_week_1: value(4, 1),
        };
      },
    },
    {
      id: 'overview_stats',
      title: 'report overview_stats: totals, top 10 events, daily series, 30 days',
      path: '/v1/report',
      body: { template: 'overview_stats', app_id: app, from: iso(from30), to: iso(to), limit: 10 },
      tallyChecks(answer) {
        const a = answer as { totals: Record<string, number>; rows: Array<{ event_name: string; events: number }>; daily: unknown[] };
        return { events: a.totals.events, unique_users: a.totals.unique_users, sessions: a.totals.sessions, top_event: a.rows[0]?.event_name ?? '', top_event_count: a.rows[0]?.events ?? 0, days: a.daily.length };
      },
      async postgres(client) {
        const where = 'app_id = $1 AND timestamp >= $2 AND timestamp < $3';
        const [totals] = await rows(client, `SELECT count(*) AS events, count(DISTINCT user_id) AS unique_users, count(DISTINCT session_id) FILTER (WHERE session_id <> '') AS sessions FROM events WHERE ${where}`, range);
        const top = await rows(client, `SELECT event_name, count(*) AS events, count(DISTINCT user_id) AS unique_users FROM events WHERE ${where} GROUP BY event_name ORDER BY events DESC, event_name LIMIT 10`, range);
        const daily = await rows(client, `SELECT to_char(timestamp, 'YYYY-MM-DD') AS day, count(*) AS events, count(DISTINCT user_id) AS unique_users FROM events WHERE ${where} GROUP BY day ORDER BY day`, range);
        return { events: num(totals.events), unique_users: num(totals.unique_users), sessions: num(totals.sessions), top_event: String(top[0]?.event_name ?? ''), top_event_count: num(top[0]?.events), days: daily.length };
      },
    },
    {
      id: 'experiment_ab',
      title: 'experiment: variant A/B, goal purchase, 30 days',
      path: '/v1/insights/experiments',
      body: { app_id: app, from: iso(from30), to: iso(to), variant_property: 'variant', goal: { event: 'purchase' } },
      tallyChecks(answer) {
        const a = answer as { variants: Array<{ variant: string; users: number; conversions: number }>; p_value: number | null };
        const checks: Checks = {};
        for (const v of a.variants) Object.assign(checks, { [`users_${v.variant}`]: v.users, [`conversions_${v.variant}`]: v.conversions });
        checks.p_value = a.p_value === null ? 'null' : Number(a.p_value.toPrecision(6));
        return checks;
      },
      async postgres(client) {
        const rs = await rows(
          client,
          `WITH assigned AS (
             SELECT DISTINCT ON (user_id) user_id, properties->>'variant' AS variant FROM events
             WHERE app_id = $1 AND timestamp >= $2 AND timestamp < $3 AND properties ? 'variant'
             ORDER BY user_id, timestamp, properties->>'variant'
           ), converted AS (
             SELECT DISTINCT user_id FROM events WHERE app_id = $1 AND event_name = 'purchase' AND timestamp >= $2 AND timestamp < $3
           )
           SELECT a.variant, count(*) AS users, count(c.user_id) AS conversions FROM assigned a LEFT JOIN converted c USING (user_id)
           GROUP BY a.variant ORDER BY a.variant`,
          range,
        );
        const checks: Checks = {};
        const vs = rs.map((r) => ({ variant: String(r.variant), users: num(r.users), conversions: num(r.conversions) }));
        for (const v of vs) Object.assign(checks, { [`users_${v.variant}`]: v.users, [`conversions_${v.variant}`]: v.conversions });
        checks.p_value = vs.length === 2 ? Number(pooledZTestP(vs[0], vs[1]).toPrecision(6)) : 'null';
        return checks;
      },
    },
  ];
}

/** the checks on which the two answers differ (numbers within a relative 1e-6 agree) */
export function disagreements(tally: Checks, postgres: Checks): string[] {
  const out: string[] = [];
  for (const key of Object.keys(tally)) {
    if (!(key in postgres)) continue;
    const a = tally[key];
    const b = postgres[key];
    const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b)) : a === b;
    if (!same) out.push(`${key}: tally ${a} vs postgres ${b}`);
  }
  return out;
}
