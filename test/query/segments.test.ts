// Segments through the API, each checked against a plain TypeScript reading of its documented
// definition over the same generated events: lifecycle states (with users exactly on the range's
// and the previous period's edges), power users by active days and by events, churn-risk scores,
// custom segments inline and saved, paging, saved-segment CRUD, coded errors and read-key isolation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParamBag, segmentCondition } from '../../src/query/index.ts';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { DAY, bucketStart, close, matchesAll, nearestRank, propertyNumber, type RefEvent } from '../helpers/reference.ts';
import { seededRandom as rng } from '../../src/demo/dataset.ts';

const BASE = Date.parse('2026-07-01T00:00:00.000Z');
const TO = BASE + 90 * DAY;
const FROM = TO - 14 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

function generate(): RefEvent[] {
  const random = rng(5);
  const out: RefEvent[] = [];
  for (let u = 0; u < 80; u++) {
    const user = `u${String(u).padStart(2, '0')}`;
    const start = Math.floor(random() * 85);
    const rate = 0.1 + random() * 0.8;
    const fades = random() < 0.3;
    for (let d = start; d < 90; d++) {
      if (random() > rate * (fades && d > 60 ? 0.15 : 1)) continue;
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k++) {
        const name = ['open', 'view', 'view', 'buy'][Math.floor(random() * 4)];
        const properties: Record<string, unknown> = name === 'buy' ? { revenue: 1 + Math.floor(random() * 50) } : { page: ['/a', '/b'][Math.floor(random() * 2)] };
        out.push({ event_name: name, user_id: user, session_id: `${user}-${d}`, timestamp: iso(BASE + d * DAY + Math.floor(random() * DAY)), properties });
      }
    }
  }
  // users on the edges of the lifecycle range and its previous period
  const at = (user: string, ms: number) => out.push({ event_name: 'open', user_id: user, session_id: '', timestamp: iso(ms), properties: {} });
  at('edge_new_at_from', FROM);
  at('edge_only_at_to', TO);
  at('edge_dormant_at_prev_start', FROM - 14 * DAY);
  at('edge_resurrecting', FROM - 14 * DAY - 1);
  at('edge_resurrecting', TO - 1);
  at('edge_returning', FROM - 1);
  at('edge_returning', FROM);
  return out;
}

const events = generate();
const ms = (e: RefEvent) => Date.parse(e.timestamp);
const byUser = (es: RefEvent[]) => {
  const m = new Map<string, RefEvent[]>();
  for (const e of es) m.set(e.user_id, [...(m.get(e.user_id) ?? []), e]);
  return m;
};
const sorted = (xs: Iterable<string>) => [...xs].sort();

function lifecycle(state: string, fromMs: number, toMs: number): string[] {
  const prevMs = fromMs - (toMs - fromMs);
  const out: string[] = [];
  for (const [user, es] of byUser(events.filter((e) => ms(e) < toMs))) {
    const first = Math.min(...es.map(ms));
    const inRange = es.some((e) => ms(e) >= fromMs);
    const inPrev = es.some((e) => ms(e) >= prevMs && ms(e) < fromMs);
    const is = { new: first >= fromMs, returning: inRange && inPrev, resurrecting: inRange && !inPrev && first < prevMs, dormant: !inRange && inPrev }[state];
    if (is) out.push(user);
  }
  return out.sort();
}

function powerUsers(windowDays: number, percentile: number, measure: 'active_days' | 'events', tz: string): { users: string[]; threshold: number } {
  const window = byUser(events.filter((e) => ms(e) >= TO - windowDays * DAY && ms(e) < TO));
  const value = (es: RefEvent[]) => (measure === 'events' ? es.length : new Set(es.map((e) => bucketStart('day', ms(e), tz))).size);
  const threshold = nearestRank([...window.values()].map(value), percentile);
  return { users: sorted([...window].filter(([, es]) => value(es) >= threshold).map(([u]) => u)), threshold };
}

function churn(windowDays: number): Map<string, { score: number; recency: number; frequency_drop: number; monetary_drop: number }> {
  const fromMs = TO - windowDays * DAY;
  const half = (windowDays * DAY) / 2;
  const mid = fromMs + half;
  const out = new Map<string, { score: number; recency: number; frequency_drop: number; monetary_drop: number }>();
  for (const [user, es] of byUser(events.filter((e) => ms(e) >= fromMs && ms(e) < TO))) {
    const first = es.filter((e) => ms(e) < mid);
    const second = es.filter((e) => ms(e) >= mid);
    const money = (xs: RefEvent[]) => xs.reduce((s, e) => s + (propertyNumber(e, 'revenue') ?? 0), 0);
    const [m1, m2] = [money(first), money(second)];
    const recency = Math.min(1, (TO - Math.max(...es.map(ms))) / half);
    const frequency_drop = first.length === 0 ? 0 : Math.max(0, (first.length - second.length) / first.length);
    const monetary_drop = m1 <= 0 ? 0 : Math.max(0, (m1 - m2) / m1);
    const score = m1 > 0 ? 0.4 * recency + 0.4 * frequency_drop + 0.2 * monetary_drop : 0.5 * recency + 0.5 * frequency_drop;
    out.set(user, { score, recency, frequency_drop, monetary_drop });
  }
  return out;
}

type Members = { kind: string; size: number; threshold?: number | null; members: Array<Record<string, unknown> & { user_id: string }>; next_cursor: string | null };

test('segments equal their documented definitions over the same events', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'seg');
  const other = await createApp(tally, 'other');
  const r = await tally.ingest.ingest([...events].reverse().map((e) => ({ ...e, app_id: 'seg' })), {});
  assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.slice(0, 2)));
  const inject = (method: 'POST' | 'PUT' | 'GET' | 'DELETE', url: string, payload?: unknown, key = readKey) =>
    tally.app.inject({ method, url, headers: bearer(key), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const members = async (segment: Record<string, unknown>, limit = 10_000): Promise<Members> => {
    const res = await inject('POST', '/v1/insights/segments', { app_id: 'seg', segment, limit });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Members;
  };

  await t.test('lifecycle states partition the active users, edges included', async () => {
    const got: Record<string, string[]> = {};
    for (const state of ['new', 'returning', 'resurrecting', 'dormant']) {
      const m = await members({ builtin: state, from: iso(FROM), to: iso(TO) });
      got[state] = m.members.map((x) => x.user_id);
      assert.deepEqual(got[state], lifecycle(state, FROM, TO), state);
      assert.equal(m.size, got[state].length);
      assert.ok(m.size > 0, `${state} is not empty in this data set`);
    }
    assert.ok(got.new.includes('edge_new_at_from') && got.dormant.includes('edge_dormant_at_prev_start'));
    assert.ok(got.resurrecting.includes('edge_resurrecting') && got.returning.includes('edge_returning'));
    assert.ok(!Object.values(got).flat().includes('edge_only_at_to'), 'an event at `to` is outside the range');
    const active = new Set(events.filter((e) => ms(e) >= FROM && ms(e) < TO).map((e) => e.user_id));
    assert.deepEqual(sorted([...got.new, ...got.returning, ...got.resurrecting]), sorted(active));
  });

  await t.test('power users: at or above the nearest-rank percentile of active days or events', async () => {
    for (const [window_days, percentile, measure, timezone] of [[7, 50, 'active_days', 'UTC'], [28, 90, 'active_days', 'America/New_York'], [28, 75, 'events', 'UTC']] as const) {
      const m = await members({ builtin: 'power_users', window_days, percentile, measure, timezone, to: iso(TO) });
      const expected = powerUsers(window_days, percentile, measure, timezone);
      assert.deepEqual(m.members.map((x) => x.user_id), expected.users, `${window_days}d p${percentile} ${measure}`);
      assert.equal(m.threshold, expected.threshold);
      assert.ok(m.size > 0 && m.size < 80);
    }
  });

  await t.test('churn risk: scores in [0, 1] as documented, members at or above the threshold', async () => {
    const expected = churn(28);
    for (const threshold of [0.3, 0.6]) {
      const m = await members({ builtin: 'churn_risk', window_days: 28, threshold, to: iso(TO) });
      const want = sorted([...expected].filter(([, s]) => s.score >= threshold).map(([u]) => u));
      assert.deepEqual(m.members.map((x) => x.user_id), want, `threshold ${threshold}`);
      assert.ok(want.length > 0 && want.length < expected.size, 'the threshold splits the users');
      for (const x of m.members) {
        const e = expected.get(x.user_id)!;
        for (const k of ['score', 'recency', 'frequency_drop', 'monetary_drop'] as const) assert.ok(close(Number(x[k]), e[k]), `${x.user_id} ${k}`);
        assert.ok(Number(x.score) >= 0 && Number(x.score) <= 1);
      }
    }
  });

  const custom = { event: 'view', filters: [{ property: 'page', op: 'eq', value: '/a' }], min_count: 3, from: iso(TO - 30 * DAY), to: iso(TO) };
  const customMembers = () => {
    const counts = new Map<string, number>();
    for (const e of events) {
      if (e.event_name === 'view' && ms(e) >= TO - 30 * DAY && ms(e) < TO && matchesAll(e, custom.filters as never)) counts.set(e.user_id, (counts.get(e.user_id) ?? 0) + 1);
    }
    return sorted([...counts].filter(([, n]) => n >= 3).map(([u]) => u));
  };

  await t.test('custom segments, inline and saved, and paging through members', async () => {
    const inline = await members({ custom });
    assert.deepEqual(inline.members.map((x) => x.user_id), customMembers());
    const put = await inject('PUT', '/v1/segments/a-viewers?app_id=seg', custom);
    assert.equal(put.statusCode, 200, put.body);
    const pages: string[] = [];
    let cursor: string | null | undefined;
    do {
      const res = await inject('POST', '/v1/insights/segments', { app_id: 'seg', segment: { saved: 'a-viewers' }, limit: 4, ...(cursor ? { cursor } : {}) });
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json() as Members;
      assert.ok(page.members.length <= 4);
      pages.push(...page.members.map((x) => x.user_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(pages, customMembers());
  });

  await t.test('segmentCondition gives any query a user_id condition', async () => {
    assert.equal(segmentCondition(undefined, 'seg', new ParamBag()), '1');
    const params = new ParamBag();
    const saved = segmentCondition({ saved: 'a-viewers' }, 'seg', params, tally.store);
    assert.ok(saved instanceof Promise);
    const rows = await tally.store.query<{ u: string }>(`SELECT DISTINCT user_id AS u FROM events WHERE app_id = 'seg' AND ${await saved} ORDER BY u`, params.values);
    assert.deepEqual(rows.map((x) => x.u), customMembers());
  });

  await t.test('saved segments: get, list, replace, delete', async () => {
    const got = await inject('GET', '/v1/segments/a-viewers?app_id=seg');
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json().definition, custom);
    const replaced = await inject('PUT', '/v1/segments/a-viewers?app_id=seg', { ...custom, min_count: 1 });
    assert.equal(replaced.json().definition.min_count, 1);
    await inject('PUT', '/v1/segments/buyers?app_id=seg', { event: 'buy' });
    const list = await inject('GET', '/v1/segments?app_id=seg');
    assert.deepEqual(list.json().segments.map((s: { name: string }) => s.name), ['a-viewers', 'buyers']);
    assert.equal((await inject('DELETE', '/v1/segments/a-viewers?app_id=seg')).statusCode, 200);
    for (const [method, url] of [['GET', '/v1/segments/a-viewers?app_id=seg'], ['DELETE', '/v1/segments/a-viewers?app_id=seg']] as const) {
      const res = await inject(method, url);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'TALLY_ERR_SEGMENT_UNKNOWN');
    }
    assert.deepEqual((await inject('GET', '/v1/segments?app_id=seg')).json().segments.map((s: { name: string }) => s.name), ['buyers']);
  });

  await t.test('an empty window has no members', async () => {
    const m = await members({ builtin: 'power_users', to: '2026-01-01T00:00:00Z' });
    assert.deepEqual([m.size, m.members, m.threshold, m.next_cursor], [0, [], null, null]);
    assert.equal((await members({ builtin: 'new', from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' })).size, 0);
  });

  await t.test('bad requests get codes; other apps cannot see or use segments', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/insights/segments', { app_id: 'seg', segment: { builtin: 'vips' } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      ['POST', '/v1/insights/segments', { app_id: 'seg', segment: { builtin: 'churn_risk', threshold: 2 } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      ['POST', '/v1/insights/segments', { app_id: 'seg', segment: { builtin: 'new' }, cursor: 'bm9wZQ' }, 400, 'TALLY_ERR_CURSOR_INVALID'],
      ['POST', '/v1/insights/segments', { app_id: 'seg', segment: { saved: 'missing' } }, 404, 'TALLY_ERR_SEGMENT_UNKNOWN'],
      ['PUT', '/v1/segments/bad%20name?app_id=seg', { event: 'x' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      ['PUT', '/v1/segments/ok?app_id=seg', { event: 'x', filters: [{ property: 'secret', source: 'context', op: 'is_set' }] }, 400, 'TALLY_ERR_QUERY_INVALID'],
      ['PUT', '/v1/segments/ok?app_id=seg', { event: 'x', from: 'last week' }, 400, 'TALLY_ERR_QUERY_INVALID'],
      ['PUT', '/v1/segments/ok?app_id=seg', { event: 'x', min_count: 0 }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await inject(method as 'POST', url, payload);
      assert.equal(res.statusCode, status, `${method} ${url} ${res.body}`);
      assert.equal(res.json().error.code, code);
    }
    for (const [method, url, payload] of [
      ['POST', '/v1/insights/segments', { app_id: 'seg', segment: { builtin: 'new' } }],
      ['GET', '/v1/segments/buyers?app_id=seg', undefined],
      ['PUT', '/v1/segments/buyers?app_id=seg', { event: 'x' }],
      ['DELETE', '/v1/segments/buyers?app_id=seg', undefined],
    ] as const) {
      const res = await inject(method, url, payload, other.readKey);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    const otherApp = await inject('GET', '/v1/segments/buyers?app_id=other', undefined, other.readKey);
    assert.equal(otherApp.statusCode, 404, 'saved segments belong to one app');
    const doc = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    assert.ok(doc.paths['/v1/insights/segments'].post.requestBody.content['application/json'].schema.properties.segment);
    assert.ok(doc.paths['/v1/segments/{name}'].put && doc.paths['/v1/segments/{name}'].get && doc.paths['/v1/segments/{name}'].delete);
  });
});
