// Funnels through the API equal an independent reference computation (test/query/reference/
// funnels.ts, which enumerates every attempt) over the same generated events — in all three
// orders, with repeated steps, ties, events exactly at the window's edge and events sent out of
// order — and hand-checked edge cases hold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { seeded, usersWith, type RefFilter, type TestEvent } from './reference/events.ts';
import { refAttempts, refSteps, type RefFunnelSpec } from './reference/funnels.ts';

/** the fixtures are dated; keep them whatever the retention rules say */
const KEEP_EVENTS = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };

const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-03T00:00:00.000Z';
const FROM_MS = Date.parse(FROM);
const TO_MS = Date.parse(TO);
const HOUR = 3_600_000;

/** events on a 10-minute grid, so many fall exactly on a 2h window's edge and some share a millisecond */
function generate(appId: string, users: number, seed: number): TestEvent[] {
  const random = seeded(seed);
  const names = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'X', 'X'];
  const plans = ['free', 'pro', 'team', undefined];
  const out: TestEvent[] = [];
  for (let u = 0; u < users; u++) {
    const n = Math.floor(random() * 25);
    const plan = plans[Math.floor(random() * plans.length)];
    for (let i = 0; i < n; i++) {
      const slot = Math.floor(random() * 6 * 60);
      const properties: Record<string, unknown> = { amount: Math.floor(random() * 30) };
      if (plan !== undefined && random() < 0.9) properties.plan = plan;
      if (random() < 0.05) properties.bot = true;
      out.push({ app_id: appId, event_name: names[Math.floor(random() * names.length)], user_id: `u${u}`, timestamp: new Date(FROM_MS - 6 * HOUR + slot * 600_000).toISOString(), properties });
    }
  }
  return out;
}

const close = (actual: number | null, expected: number | null, msg: string) => {
  if (expected === null || actual === null) return assert.equal(actual, expected, msg);
  assert.ok(Math.abs(actual - expected) < 1e-6, `${msg}: ${actual} != ${expected}`);
};

interface StepAnswer {
  event: string;
  count: number;
  conversion_from_first: number;
  conversion_from_previous: number;
  drop_off: number;
  median_time_to_convert_ms: number | null;
  p90_time_to_convert_ms: number | null;
  median_time_from_previous_ms: number | null;
  p90_time_from_previous_ms: number | null;
}

function assertSteps(actual: StepAnswer[], expected: ReturnType<typeof refSteps>, label: string) {
  assert.equal(actual.length, expected.length, label);
  expected.forEach((e, k) => {
    const a = actual[k];
    assert.equal(a.count, e.count, `${label} step ${k + 1} count`);
    const first = expected[0].count;
    const prev = k === 0 ? e.count : expected[k - 1].count;
    close(a.conversion_from_first, k === 0 ? (e.count > 0 ? 1 : 0) : first === 0 ? 0 : e.count / first, `${label} step ${k + 1} from first`);
    close(a.conversion_from_previous, k === 0 ? (e.count > 0 ? 1 : 0) : prev === 0 ? 0 : e.count / prev, `${label} step ${k + 1} from previous`);
    assert.equal(a.drop_off, prev - e.count, `${label} step ${k + 1} drop-off`);
    for (const key of ['median_time_to_convert_ms', 'p90_time_to_convert_ms', 'median_time_from_previous_ms', 'p90_time_from_previous_ms'] as const) {
      close(a[key], e[key], `${label} step ${k + 1} ${key}`);
    }
  });
}

test('funnels equal the reference computation', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'fun');
  const other = await createApp(tally, 'other');
  const events = generate('fun', 160, 11);
  // later events first: arrival order must not matter
  const arrival = [...events].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  const receipt = await tally.ingest.ingest(arrival, {});
  assert.equal(receipt.rejected.length, 0);
  assert.equal(receipt.accepted, events.length);

  const ask = async (url: string, body: Record<string, unknown>, key = readKey) => {
    const res = await tally.app.inject({ method: 'POST', url, headers: bearer(key), payload: { app_id: 'fun', from: FROM, to: TO, ...body } });
    return { status: res.statusCode, body: res.json() };
  };
  const notBot: RefFilter[] = [{ property: 'bot', op: 'not_set' }];
  const steps = [{ event: 'A' }, { event: 'B', filters: [{ property: 'amount', op: 'gt' as const, value: 10 }] }, { event: 'C' }];
  const cases: Array<{ name: string; window: string; windowMs: number; steps: RefFunnelSpec['steps'] }> = [
    { name: 'A → B(amount > 10) → C', window: '2h', windowMs: 2 * HOUR, steps },
    { name: 'repeated step A → A → B', window: '2h', windowMs: 2 * HOUR, steps: [{ event: 'A' }, { event: 'A' }, { event: 'B' }] },
    { name: 'four steps A → B → C → D', window: '1d', windowMs: 24 * HOUR, steps: [{ event: 'A' }, { event: 'B' }, { event: 'C' }, { event: 'D' }] },
    { name: 'two steps C → D', window: '30m', windowMs: HOUR / 2, steps: [{ event: 'C' }, { event: 'D' }] },
  ];

  for (const order of ['ordered', 'strict', 'any'] as const) {
    for (const c of cases) {
      await t.test(`${order}: ${c.name}`, async () => {
        const spec: RefFunnelSpec = { fromMs: FROM_MS, toMs: TO_MS, windowMs: c.windowMs, order, steps: c.steps, filters: notBot, breakdown: 'plan' };
        const attempts = refAttempts(events, spec);
        assert.ok(attempts.some((a) => a.level === c.steps.length) || order === 'strict', 'the data reaches the last step');
        const { status, body } = await ask('/v1/insights/funnels', { window: c.window, order, steps: c.steps, filters: notBot, breakdown: { property: 'plan', limit: 2 } });
        assert.equal(status, 200, JSON.stringify(body));
        assert.deepEqual(body.steps.map((s: StepAnswer) => s.event), c.steps.map((s) => s.event));
        assertSteps(body.steps, refSteps(attempts, c.steps.length), 'all users');

        // breakdown: top 2 values by users at step 1, then "$other"
        const values = [...new Set(attempts.map((a) => a.bval))];
        const size = (v: string) => attempts.filter((a) => a.bval === v).length;
        const ranked = values.sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1));
        const top = ranked.slice(0, 2);
        const expected = [
          ...top.map((v) => ({ value: v, attempts: attempts.filter((a) => a.bval === v) })),
          ...(ranked.length > 2 ? [{ value: '$other', attempts: attempts.filter((a) => !top.includes(a.bval)) }] : []),
        ];
        assert.deepEqual(body.breakdown.map((g: { breakdown_value: string }) => g.breakdown_value), expected.map((g) => g.value));
        for (const [i, g] of expected.entries()) assertSteps(body.breakdown[i].steps, refSteps(g.attempts, c.steps.length), `plan=${g.value}`);
      });
    }
  }

  await t.test('the users who dropped at a step, page by page', async () => {
    for (const order of ['ordered', 'strict', 'any'] as const) {
      const attempts = refAttempts(events, { fromMs: FROM_MS, toMs: TO_MS, windowMs: 2 * HOUR, order, steps, filters: notBot });
      for (const step of [1, 2]) {
        const expected = attempts.filter((a) => a.level === step).sort((a, b) => (a.user < b.user ? -1 : 1));
        const seen: Array<{ user_id: string; started_at: string; reached_at: string }> = [];
        let cursor: string | undefined;
        for (let page = 0; page < 50; page++) {
          const { status, body } = await ask('/v1/insights/funnels/dropped', { window: '2h', order, steps, filters: notBot, dropped_at_step: step, limit: 7, ...(cursor ? { cursor } : {}) });
          assert.equal(status, 200, JSON.stringify(body));
          assert.equal(body.total, expected.length, `${order} step ${step} total`);
          seen.push(...body.users);
          cursor = body.next_cursor ?? undefined;
          if (!cursor) break;
        }
        assert.deepEqual(
          seen,
          expected.map((a) => ({ user_id: a.user, started_at: new Date(a.anchor).toISOString(), reached_at: new Date(a.times[step - 1]).toISOString() })),
          `${order} dropped at ${step}`,
        );
      }
    }
  });

  await t.test('a saved segment narrows the funnel to its members', async () => {
    const saved = await tally.app.inject({ method: 'PUT', url: '/v1/segments/did-d?app_id=fun', headers: bearer(readKey), payload: { event: 'D', from: FROM, to: TO } });
    assert.equal(saved.statusCode, 200, saved.body);
    const members = usersWith(events, 'D', FROM_MS, TO_MS);
    for (const order of ['ordered', 'any'] as const) {
      const expected = refSteps(refAttempts(events.filter((e) => members.has(e.user_id)), { fromMs: FROM_MS, toMs: TO_MS, windowMs: 2 * HOUR, order, steps, filters: notBot }), 3);
      assert.ok(expected[0].count > 0 && expected[0].count < refAttempts(events, { fromMs: FROM_MS, toMs: TO_MS, windowMs: 2 * HOUR, order, steps, filters: notBot }).length);
      const { status, body } = await ask('/v1/insights/funnels', { window: '2h', order, steps, filters: notBot, segment: { saved: 'did-d' } });
      assert.equal(status, 200, JSON.stringify(body));
      assertSteps(body.steps, expected, `segment ${order}`);
    }
    const unknown = await ask('/v1/insights/funnels', { steps, segment: { saved: 'nobody' } });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'TALLY_ERR_SEGMENT_UNKNOWN']);
  });

  await t.test('bad specs get coded 400s; another app\'s read key gets 403', async () => {
    const bad: Array<Record<string, unknown>> = [
      { steps: [{ event: 'A' }] },
      { steps: Array.from({ length: 11 }, () => ({ event: 'A' })) },
      { steps, window: '0d' },
      { steps, window: '400d' },
      { steps, window: '1 day' },
      { steps, order: 'sideways' },
      { steps: [{ event: 'A' }, { event: 'B', filters: [{ property: 'amount', op: 'gt', value: 'many' }] }] },
      { steps, breakdown: { property: 'nope', source: 'context' } },
      { steps, from: 'yesterday' },
      { steps, surprise: true },
    ];
    for (const b of bad) {
      const { status, body } = await ask('/v1/insights/funnels', b);
      assert.equal(status, 400, JSON.stringify(b));
      assert.match(body.error.code, /^TALLY_ERR_(REQUEST|QUERY)_INVALID$/);
    }
    const dropped = await ask('/v1/insights/funnels/dropped', { steps, dropped_at_step: 3 });
    assert.equal(dropped.status, 400);
    const cursor = await ask('/v1/insights/funnels/dropped', { steps, dropped_at_step: 1, cursor: 'garbage' });
    assert.equal(cursor.body.error.code, 'TALLY_ERR_CURSOR_INVALID');
    const openapi = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const documented = openapi.paths['/v1/insights/funnels'].post.requestBody.content['application/json'].schema.properties;
    for (const key of ['app_id', 'from', 'to', 'window', 'order', 'steps', 'filters', 'segment', 'breakdown']) assert.ok(documented[key], `OpenAPI documents ${key}`);
    const forbidden = await ask('/v1/insights/funnels', { steps }, other.readKey);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'TALLY_ERR_AUTH_FORBIDDEN');
  });
});

test('funnel edge cases: window edge, repeats, ties, out-of-order arrival, range ends, empty app', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'edge');
  const t0 = Date.parse('2026-10-01T10:00:00.000Z');
  const MIN = 60_000;
  const ev = (user: string, name: string, atMs: number): TestEvent => ({ app_id: 'edge', event_name: name, user_id: user, timestamp: new Date(atMs).toISOString(), properties: {} });
  const events = [
    ev('e1', 'A', t0), ev('e1', 'B', t0 + HOUR), // exactly at the window's edge: counts
    ev('e2', 'A', t0), ev('e2', 'B', t0 + HOUR + 1), // one millisecond past it: does not
    ev('e3', 'C', t0 + 2 * MIN), ev('e3', 'B', t0 + MIN), ev('e3', 'A', t0), // sent last step first
    ev('e4', 'A', t0), ev('e4', 'A', t0 + 10 * MIN), ev('e4', 'B', t0 + 20 * MIN), ev('e4', 'B', t0 + 30 * MIN), ev('e4', 'C', t0 + 40 * MIN), // repeats
    ev('e5', 'A', TO_MS - 1), ev('e5', 'B', TO_MS + 30 * MIN), // later steps may fall past `to`
    ev('e6', 'A', FROM_MS - 1), ev('e6', 'B', FROM_MS + MIN), // step 1 before `from`: not in the funnel
    ev('e7', 'B', t0), ev('e7', 'A', t0), // same millisecond: taken in step order
    ev('e8', 'A', t0), ev('e8', 'X', t0 + MIN), ev('e8', 'B', t0 + 2 * MIN), // an event between
    ev('e9', 'B', t0), ev('e9', 'A', t0 + 5 * MIN), // reverse order
  ];
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const ask = async (url: string, body: Record<string, unknown>) => {
    const res = await tally.app.inject({ method: 'POST', url, headers: bearer(readKey), payload: { app_id: 'edge', from: FROM, to: TO, window: '1h', ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const steps = [{ event: 'A' }, { event: 'B' }, { event: 'C' }];
  const counts = (body: { steps: Array<{ count: number }> }) => body.steps.map((s) => s.count);

  const ordered = await ask('/v1/insights/funnels', { steps });
  assert.deepEqual(counts(ordered), [8, 6, 2]);
  // times to B: e7 0, e3 1m, e8 2m, e4 10m (from its later A), e5 30m + 1ms, e1 1h
  assert.equal(ordered.steps[1].median_time_to_convert_ms, (2 * MIN + 10 * MIN) / 2);
  assert.equal(ordered.steps[2].median_time_to_convert_ms, (2 * MIN + 30 * MIN) / 2);
  assert.deepEqual(counts(await ask('/v1/insights/funnels', { steps, order: 'strict' })), [8, 5, 1]);
  assert.deepEqual(counts(await ask('/v1/insights/funnels', { steps, order: 'any' })), [8, 7, 2]);
  const dropped = await ask('/v1/insights/funnels/dropped', { steps, dropped_at_step: 1 });
  assert.deepEqual(dropped.users.map((u: { user_id: string }) => u.user_id), ['e2', 'e9']);

  for (const order of ['ordered', 'strict', 'any'] as const) {
    const expected = refSteps(refAttempts(events, { fromMs: FROM_MS, toMs: TO_MS, windowMs: HOUR, order, steps }), 3);
    assertSteps((await ask('/v1/insights/funnels', { steps, order })).steps, expected, `edge ${order}`);
  }

  // ten steps, the most a funnel has: every step's bit is kept apart, ties included
  const ten = 'ABCDEFGHIJ'.split('').map((event) => ({ event }));
  const long = [
    ...ten.map((s, i) => ev('t1', s.event, t0 + i * MIN)),
    ...ten.slice(0, 9).map((s, i) => ev('t2', s.event, t0 + i * MIN)),
    ...ten.map((s) => ev('t3', s.event, t0 + 5 * MIN)), // all in one millisecond: taken in step order
    ev('t4', 'J', t0), ev('t4', 'A', t0 + MIN),
  ];
  assert.equal((await tally.ingest.ingest(long, {})).accepted, long.length);
  for (const order of ['ordered', 'strict', 'any'] as const) {
    const answer = await ask('/v1/insights/funnels', { steps: ten, order });
    assertSteps(answer.steps, refSteps(refAttempts([...events, ...long], { fromMs: FROM_MS, toMs: TO_MS, windowMs: HOUR, order, steps: ten }), 10), `ten steps ${order}`);
    assert.equal(answer.steps[9].count, 2, order);
  }

  const empty = await ask('/v1/insights/funnels', { steps, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', breakdown: { property: 'plan' } });
  assert.deepEqual(counts(empty), [0, 0, 0]);
  assert.deepEqual(empty.steps.map((s: StepAnswer) => [s.conversion_from_first, s.median_time_to_convert_ms]), [[0, null], [0, null], [0, null]]);
  assert.deepEqual(empty.breakdown, []);
});
