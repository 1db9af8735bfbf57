// Paths through the API equal an independent reference computation (test/query/reference/
// paths.ts) over the same generated events, both directions, with and without sessions, and
// hand-checked small cases hold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { seeded, usersWith, type TestEvent } from './reference/events.ts';
import { rankPaths, refPaths } from './reference/paths.ts';

/** the fixtures are dated; keep them whatever the retention rules say */
const KEEP_EVENTS = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };

const FROM = '2026-10-05T00:00:00.000Z';
const TO = '2026-10-08T00:00:00.000Z';

function generate(appId: string, users: number, seed: number): TestEvent[] {
  const random = seeded(seed);
  const names = ['home', 'home', 'search', 'view', 'view', 'view', 'cart', 'buy', 'heartbeat', 'heartbeat'];
  const base = Date.parse('2026-10-04T12:00:00Z');
  const out: TestEvent[] = [];
  for (let u = 0; u < users; u++) {
    const sessions = 1 + Math.floor(random() * 4);
    for (let s = 0; s < sessions; s++) {
      let at = base + Math.floor(random() * 4 * 86_400_000);
      const n = 1 + Math.floor(random() * 10);
      for (let i = 0; i < n; i++) {
        // whole seconds: some events share a millisecond
        at += Math.floor(random() * 3) * 1000;
        out.push({ app_id: appId, event_name: names[Math.floor(random() * names.length)], user_id: `u${u}`, session_id: `s${u}_${s}`, timestamp: new Date(at).toISOString(), properties: { device: random() < 0.5 ? 'ios' : 'web', n: i } });
      }
    }
  }
  return out;
}

test('paths equal the reference computation', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'paths');
  const other = await createApp(tally, 'other');
  const events = generate('paths', 150, 3);
  assert.equal((await tally.ingest.ingest([...events].reverse(), {})).accepted, events.length);
  const ask = async (body: Record<string, unknown>, key = readKey) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/paths', headers: bearer(key), payload: { app_id: 'paths', from: FROM, to: TO, ...body } });
    return { status: res.statusCode, body: res.json() };
  };

  for (const direction of ['next', 'previous'] as const) {
    for (const sessionScoped of [false, true]) {
      await t.test(`${direction}${sessionScoped ? ' within sessions' : ''}`, async () => {
        const spec = { start_event: 'view', direction, depth: 4, limit: 6, session_scoped: sessionScoped, exclude_events: ['heartbeat'], start_filters: [{ property: 'device', op: 'eq' as const, value: 'web' }] };
        const { status, body } = await ask(spec);
        assert.equal(status, 200, JSON.stringify(body));
        const expected = refPaths(events, {
          fromMs: Date.parse(FROM),
          toMs: Date.parse(TO),
          startEvent: 'view',
          startFilters: spec.start_filters,
          direction,
          depth: 4,
          sessionScoped,
          excludeEvents: ['heartbeat'],
        });
        assert.ok(expected.starts.events > 50);
        assert.deepEqual(body.starts, expected.starts);
        assert.deepEqual(
          body.depths,
          expected.depths.map((paths, i) => ({ depth: i + 1, paths: rankPaths(paths, 6) })),
        );
      });
    }
  }

  await t.test('a segment narrows the paths to its members', async () => {
    const members = usersWith(events, 'buy', Date.parse(FROM), Date.parse(TO));
    const { body } = await ask({ start_event: 'home', depth: 3, limit: 5, segment: { custom: { event: 'buy', from: FROM, to: TO } } });
    const expected = refPaths(events.filter((e) => members.has(e.user_id)), { fromMs: Date.parse(FROM), toMs: Date.parse(TO), startEvent: 'home', direction: 'next', depth: 3 });
    assert.ok(expected.starts.users > 0 && expected.starts.users < refPaths(events, { fromMs: Date.parse(FROM), toMs: Date.parse(TO), startEvent: 'home', direction: 'next', depth: 3 }).starts.users);
    assert.deepEqual(body.starts, expected.starts);
    assert.deepEqual(body.depths, expected.depths.map((paths, i) => ({ depth: i + 1, paths: rankPaths(paths, 5) })));
  });

  await t.test('bad specs get coded 400s; another app\'s read key gets 403', async () => {
    for (const b of [{ start_event: 'view', depth: 0 }, { start_event: 'view', depth: 11 }, { start_event: 'view', direction: 'up' }, { start_event: 'view', limit: 0 }, {}, { start_event: 'view', exclude_events: [''] }]) {
      const { status, body } = await ask(b);
      assert.equal(status, 400, JSON.stringify(b));
      assert.match(body.error.code, /^TALLY_ERR_(REQUEST|QUERY)_INVALID$/);
    }
    const openapi = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const documented = openapi.paths['/v1/insights/paths'].post.requestBody.content['application/json'].schema.properties;
    for (const key of ['start_event', 'direction', 'depth', 'limit', 'session_scoped', 'segment']) assert.ok(documented[key], `OpenAPI documents ${key}`);
    assert.equal((await ask({ start_event: 'view' }, other.readKey)).status, 403);
  });
});

test('paths: a small case by hand', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'small');
  const at = (s: number) => new Date(Date.parse('2026-10-06T10:00:00Z') + s * 1000).toISOString();
  let n = 0;
  // distinct properties: identical events would share a derived event_id and be stored once
  const ev = (user: string, name: string, s: number, session = 's1'): TestEvent => ({ app_id: 'small', event_name: name, user_id: user, session_id: session, timestamp: at(s), properties: { n: n++ } });
  const events = [
    ev('a', 'home', 0), ev('a', 'view', 1), ev('a', 'cart', 2), ev('a', 'buy', 3),
    ev('b', 'home', 0), ev('b', 'view', 1), ev('b', 'cart', 2, 's2'),
    ev('c', 'view', 1), ev('c', 'view', 1), // two starts in the same millisecond
  ];
  assert.equal((await tally.ingest.ingest(events.reverse(), {})).accepted, 9);
  const ask = async (body: Record<string, unknown>) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/paths', headers: bearer(readKey), payload: { app_id: 'small', from: FROM, to: TO, start_event: 'view', depth: 2, ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const next = await ask({});
  assert.deepEqual(next.starts, { events: 4, users: 3 });
  assert.deepEqual(next.depths, [
    { depth: 1, paths: [{ path: ['cart'], users: 2, events: 2 }, { path: ['view'], users: 1, events: 1 }] },
    { depth: 2, paths: [{ path: ['cart', 'buy'], users: 1, events: 1 }] },
  ]);
  const scoped = await ask({ session_scoped: true });
  assert.deepEqual(scoped.depths[0].paths, [{ path: ['cart'], users: 1, events: 1 }, { path: ['view'], users: 1, events: 1 }]);
  const previous = await ask({ direction: 'previous' });
  assert.deepEqual(previous.depths[0].paths, [{ path: ['home'], users: 2, events: 2 }, { path: ['view'], users: 1, events: 1 }]);
  const empty = await ask({ start_event: 'nothing' });
  assert.deepEqual(empty, { ...empty, starts: { events: 0, users: 0 }, depths: [{ depth: 1, paths: [] }, { depth: 2, paths: [] }] });
});
