// Retention through the API equals an independent reference computation (test/query/reference/
// retention.ts, calendar arithmetic with Intl) over the same generated events — by day, week and
// month, in UTC and in America/New_York across both 2026 DST changes — and hand-checked
// boundaries hold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { seeded, usersWith, type TestEvent } from './reference/events.ts';
import { localMidnightMs, refRetention, type Period } from './reference/retention.ts';

/** the fixtures are dated; keep them whatever the retention rules say */
const KEEP_EVENTS = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };

const NY = 'America/New_York';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** users active around both DST changes, with many events near local (New York) and UTC midnight */
function generate(appId: string, users: number, seed: number): TestEvent[] {
  const random = seeded(seed);
  const spans = [Date.parse('2026-02-26T00:00:00Z'), Date.parse('2026-10-22T00:00:00Z')];
  const plans = ['free', 'pro', 'team'];
  const out: TestEvent[] = [];
  for (let u = 0; u < users; u++) {
    const base = spans[u % 2];
    const plan = plans[Math.floor(random() * plans.length)];
    const n = 1 + Math.floor(random() * 14);
    for (let i = 0; i < n; i++) {
      const day = Math.floor(random() * 26);
      // half the events between 02:00 and 07:00 UTC, where New York's midnight falls
      const minute = random() < 0.5 ? 120 + Math.floor(random() * 300) : Math.floor(random() * 1440);
      const name = random() < 0.35 ? 'signup' : random() < 0.85 ? 'open' : 'other';
      const properties: Record<string, unknown> = { plan, score: Math.floor(random() * 10) };
      out.push({ app_id: appId, event_name: name, user_id: `u${u}`, timestamp: new Date(base + day * DAY + minute * MINUTE).toISOString(), properties });
    }
  }
  return out;
}

interface Answer {
  cohorts: Array<{ cohort: string; cohort_date?: string; size: number; values: number[]; percentages: number[]; periods_observed?: number; is_other?: boolean }>;
}

test('retention equals the reference computation', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'ret');
  const other = await createApp(tally, 'other');
  const events = generate('ret', 220, 5);
  const receipt = await tally.ingest.ingest([...events].reverse(), {});
  assert.equal(receipt.accepted, events.length);
  const ask = async (body: Record<string, unknown>, key = readKey) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/retention', headers: bearer(key), payload: { app_id: 'ret', start_event: 'signup', return_event: 'open', ...body } });
    return { status: res.statusCode, body: res.json() };
  };

  const ranges = [
    { from: '2026-02-27T00:00:00.000Z', to: '2026-03-20T00:00:00.000Z' },
    { from: '2026-10-24T00:00:00.000Z', to: '2026-11-14T00:00:00.000Z' },
  ];
  for (const range of ranges) {
    for (const timezone of ['UTC', NY]) {
      for (const [period, periods] of [['day', 10], ['week', 4], ['month', 2]] as Array<[Period, number]>) {
        await t.test(`${period} in ${timezone} from ${range.from.slice(0, 10)}`, async () => {
          const filters = [{ property: 'score', op: 'lt' as const, value: 9 }];
          const { status, body } = await ask({ ...range, period, periods, timezone, filters, return_filters: [{ property: 'score', op: 'gte' as const, value: 1 }] });
          assert.equal(status, 200, JSON.stringify(body));
          const fromMs = Date.parse(range.from);
          const toMs = Date.parse(range.to);
          const expected = refRetention(events, { fromMs, toMs, startEvent: 'signup', returnEvent: 'open', period, periods, timezone, filters, returnFilters: [{ property: 'score', op: 'gte', value: 1 }] }).sort((a, b) =>
            a.cohort.localeCompare(b.cohort),
          );
          assert.ok(expected.length > 1);
          const got = (body as Answer).cohorts;
          assert.deepEqual(
            got.map((c) => ({ cohort: c.cohort_date, size: c.size, values: c.values })),
            expected.map((c) => ({ cohort: c.cohort, size: c.size, values: c.values })),
          );
          for (const c of got) {
            assert.equal(c.cohort, new Date(localMidnightMs(c.cohort_date ?? '', timezone)).toISOString(), 'cohort = local midnight of its first day');
            assert.deepEqual(c.percentages, c.values.map((v) => (100 * v) / c.size));
            assert.ok(c.periods_observed !== undefined && c.periods_observed >= 1 && c.periods_observed <= periods);
          }
        });
      }
    }
  }

  await t.test('cohorts by a property, largest first, the rest as "$other"', async () => {
    const range = ranges[0];
    const { body } = await ask({ ...range, period: 'week', periods: 3, timezone: NY, cohort_by: { property: 'plan', limit: 2 } });
    const expected = refRetention(events, { fromMs: Date.parse(range.from), toMs: Date.parse(range.to), startEvent: 'signup', returnEvent: 'open', period: 'week', periods: 3, timezone: NY, cohortBy: 'plan' }).sort(
      (a, b) => b.size - a.size || a.cohort.localeCompare(b.cohort),
    );
    assert.equal(expected.length, 3);
    const rest = expected[2];
    assert.deepEqual(
      (body as Answer).cohorts.map((c) => ({ cohort: c.cohort, size: c.size, values: c.values })),
      [...expected.slice(0, 2), { ...rest, cohort: '$other' }],
    );
  });

  await t.test('a segment narrows the cohorts to its members', async () => {
    const range = ranges[1];
    const [fromMs, toMs] = [Date.parse(range.from), Date.parse(range.to)];
    const members = usersWith(events, 'other', fromMs, toMs);
    const { body } = await ask({ ...range, period: 'day', periods: 5, timezone: NY, segment: { custom: { event: 'other', from: range.from, to: range.to } } });
    const expected = refRetention(events.filter((e) => members.has(e.user_id)), { fromMs, toMs, startEvent: 'signup', returnEvent: 'open', period: 'day', periods: 5, timezone: NY }).sort((a, b) => a.cohort.localeCompare(b.cohort));
    assert.ok(expected.length > 1 && members.size < 110);
    assert.deepEqual((body as Answer).cohorts.map((c) => ({ cohort: c.cohort_date, size: c.size, values: c.values })), expected);
  });

  await t.test('bad specs get coded 400s; another app\'s read key gets 403', async () => {
    for (const b of [{ period: 'year' }, { periods: 0 }, { periods: 121 }, { timezone: 'Mars/Olympus' }, { start_event: '' }, { cohort_by: { property: 'x', source: 'context' } }, { to: '2020-01-01', from: '2021-01-01' }]) {
      const { status, body } = await ask(b);
      assert.equal(status, 400, JSON.stringify(b));
      assert.match(body.error.code, /^TALLY_ERR_(REQUEST|QUERY)_INVALID$/);
    }
    const openapi = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const documented = openapi.paths['/v1/insights/retention'].post.requestBody.content['application/json'].schema.properties;
    for (const key of ['start_event', 'return_event', 'period', 'periods', 'timezone', 'cohort_by', 'segment']) assert.ok(documented[key], `OpenAPI documents ${key}`);
    assert.equal((await ask({}, other.readKey)).status, 403);
  });
});

test('retention periods follow local midnight across DST (America/New_York, 2026)', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'dst');
  const ev = (user: string, name: string, iso: string): TestEvent => ({ app_id: 'dst', event_name: name, user_id: user, timestamp: iso, properties: {} });
  const events = [
    // 2026-03-08 starts at 05:00Z (EST) and lasts 23 hours; 2026-03-09 starts at 04:00Z (EDT)
    ev('m1', 'signup', '2026-03-08T04:59:59.999Z'), // 2026-03-07 23:59:59.999 local
    ev('m2', 'signup', '2026-03-08T05:00:00.000Z'), // 2026-03-08 00:00 local
    ev('m2', 'open', '2026-03-09T03:59:59.999Z'), // still 2026-03-08 local: k = 0
    ev('m3', 'signup', '2026-03-08T12:00:00.000Z'),
    ev('m3', 'open', '2026-03-09T04:00:00.000Z'), // 2026-03-09 00:00 local: k = 1
    // 2026-11-01 starts at 04:00Z (EDT) and lasts 25 hours; 2026-11-02 starts at 05:00Z (EST)
    ev('n1', 'signup', '2026-11-01T04:00:00.000Z'),
    ev('n1', 'open', '2026-11-02T04:59:59.999Z'), // still 2026-11-01 local: k = 0
    ev('n2', 'signup', '2026-11-01T10:00:00.000Z'),
    ev('n2', 'open', '2026-11-02T05:00:00.000Z'), // k = 1
  ];
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const ask = async (body: Record<string, unknown>) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/retention', headers: bearer(readKey), payload: { app_id: 'dst', start_event: 'signup', return_event: 'open', timezone: NY, periods: 3, ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Answer;
  };
  const march = await ask({ from: '2026-03-01T00:00:00Z', to: '2026-03-12T00:00:00Z' });
  assert.deepEqual(march.cohorts.map((c) => [c.cohort, c.cohort_date, c.size, c.values]), [
    ['2026-03-07T05:00:00.000Z', '2026-03-07', 1, [0, 0, 0]],
    ['2026-03-08T05:00:00.000Z', '2026-03-08', 2, [1, 1, 0]],
  ]);
  const november = await ask({ from: '2026-10-25T00:00:00Z', to: '2026-11-05T00:00:00Z' });
  assert.deepEqual(november.cohorts.map((c) => [c.cohort, c.size, c.values]), [['2026-11-01T04:00:00.000Z', 2, [1, 1, 0]]]);
  // weeks start on Monday: 2026-03-08 is a Sunday, so m1..m3 share the week of Monday 2026-03-02
  const weekly = await ask({ from: '2026-03-01T00:00:00Z', to: '2026-03-12T00:00:00Z', period: 'week', periods: 2 });
  assert.deepEqual(weekly.cohorts.map((c) => [c.cohort_date, c.size, c.values, c.periods_observed]), [['2026-03-02', 3, [1, 1], 2]]);
  // periods that start at or after `to` are not observed yet
  const short = await ask({ from: '2026-03-01T00:00:00Z', to: '2026-03-09T04:00:00Z' });
  assert.deepEqual(short.cohorts.map((c) => [c.cohort_date, c.values, c.periods_observed]), [['2026-03-07', [0, 0, 0], 2], ['2026-03-08', [1, 0, 0], 1]]);
  const empty = await ask({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' });
  assert.deepEqual(empty.cohorts, []);
});
