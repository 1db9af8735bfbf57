// Trends through the API, each answer checked against a plain TypeScript computation over the same
// generated events (buckets from Intl, not from the engine): every math, intervals and timezones
// across both 2026 DST changes in New York, bucket edges, `to` exclusive, out-of-order ingest,
// breakdowns with "other", comparison, segments, empty ranges, coded errors and read-key isolation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoEvents } from '../../src/demo/dataset.ts';
import type { Filter, SegmentRef } from '../../src/query/index.ts';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { bucketList, bucketStart, close, fieldText, matchesAll, percentileInclusive, propertyNumber, type RefEvent, type RefInterval } from '../helpers/reference.ts';

const END = Date.parse('2026-11-06T00:00:00.000Z');
const demo = [...demoEvents({ appId: 'trends', users: 60, days: 24, endMs: END, seed: 11 })] as RefEvent[];
// out of order: a fixed shuffle, ingested in batches
const shuffled = demo.map((e, i) => ({ e, k: (i * 7919) % 1009 })).sort((a, b) => a.k - b.k).map((x) => x.e);

const NY = 'America/New_York';
const EDGE_TIMES = [
  '2026-03-07T05:00:00.000Z', // from: local midnight Mar 7 (EST), included
  '2026-03-08T04:59:59.999Z', // Mar 7 23:59:59.999 EST
  '2026-03-08T05:00:00.000Z', // Mar 8 00:00 EST
  '2026-03-08T06:59:59.999Z', // 01:59:59.999 EST, just before the jump
  '2026-03-08T07:00:00.000Z', // 03:00 EDT
  '2026-03-09T03:59:59.999Z', // Mar 8 23:59:59.999 EDT (a 23-hour day)
  '2026-03-09T04:00:00.000Z', // Mar 9 00:00 EDT
  '2026-03-10T04:00:00.000Z', // `to`: excluded
];
const edges: RefEvent[] = EDGE_TIMES.map((timestamp, i) => ({ event_name: 'tick', user_id: `e${i % 3}`, session_id: `es${i}`, timestamp, properties: { n: i } }));

type Math = 'count' | 'unique_users' | 'unique_users_approx' | 'unique_sessions' | 'sum' | 'avg' | 'min' | 'max' | 'p50' | 'p90' | 'p99';
interface RefSpec {
  fromMs: number;
  toMs: number;
  interval: RefInterval;
  tz: string;
  event: string;
  math: Math;
  property?: string;
  filters?: Filter[];
  users?: Set<string>;
}

function measure(es: RefEvent[], math: Math, property?: string): number {
  const nums = () => es.map((e) => propertyNumber(e, property ?? '')).filter((v): v is number => v !== null);
  switch (math) {
    case 'count':
      return es.length;
    case 'unique_users':
    case 'unique_users_approx':
      return new Set(es.map((e) => e.user_id)).size;
    case 'unique_sessions':
      return new Set(es.map((e) => e.session_id ?? '').filter((s) => s !== '')).size;
    case 'sum':
      return nums().reduce((a, b) => a + b, 0);
    case 'avg':
      return nums().length ? nums().reduce((a, b) => a + b, 0) / nums().length : 0;
    case 'min':
      return nums().length ? Math.min(...nums()) : 0;
    case 'max':
      return nums().length ? Math.max(...nums()) : 0;
    default:
      return percentileInclusive(nums(), Number(math.slice(1)) / 100);
  }
}

function selected(events: RefEvent[], s: RefSpec): RefEvent[] {
  return events.filter((e) => {
    const t = Date.parse(e.timestamp);
    return e.event_name === s.event && t >= s.fromMs && t < s.toMs && matchesAll(e, s.filters) && (!s.users || s.users.has(e.user_id));
  });
}

function refPoints(events: RefEvent[], s: RefSpec): Array<{ t: string; value: number }> {
  const byBucket = new Map<number, RefEvent[]>();
  for (const e of selected(events, s)) {
    const b = bucketStart(s.interval, Date.parse(e.timestamp), s.tz);
    byBucket.set(b, [...(byBucket.get(b) ?? []), e]);
  }
  return bucketList(s.interval, s.fromMs, s.toMs, s.tz).map((b) => ({ t: new Date(b).toISOString(), value: measure(byBucket.get(b) ?? [], s.math, s.property) }));
}

type Answer = { series: Array<{ label: string; math: string; breakdown_value?: string; is_other?: boolean; compare?: string; error_bound?: { relative_standard_error: number }; points: Array<{ t: string; value: number }> }> };

function assertPoints(actual: Array<{ t: string; value: number }>, expected: Array<{ t: string; value: number }>, what: string): void {
  assert.deepEqual(actual.map((p) => p.t), expected.map((p) => p.t), `${what}: bucket starts`);
  for (const [i, p] of actual.entries()) assert.ok(close(p.value, expected[i].value), `${what} at ${p.t}: ${p.value} != ${expected[i].value}`);
}

test('trends equal an independent computation over the same events', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'trends');
  const edgeKeys = await createApp(tally, 'edges');
  for (let i = 0; i < shuffled.length; i += 4000) {
    const r = await tally.ingest.ingest(shuffled.slice(i, i + 4000).map((e) => ({ ...e, app_id: 'trends' })), {});
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.slice(0, 2)));
  }
  assert.equal((await tally.ingest.ingest([...edges].reverse().map((e) => ({ ...e, app_id: 'edges' })), {})).accepted, edges.length);

  const post = async (body: Record<string, unknown>, key = readKey) => tally.app.inject({ method: 'POST', url: '/v1/insights/trends', headers: bearer(key), payload: body });
  const trends = async (body: Record<string, unknown>, key = readKey): Promise<Answer> => {
    const res = await post(body, key);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Answer;
  };
  const FROM = '2026-10-20T00:00:00.000Z';
  const TO = '2026-11-05T00:00:00.000Z';
  const range = { fromMs: Date.parse(FROM), toMs: Date.parse(TO) };

  await t.test('every math, daily in UTC', async () => {
    const maths: Array<[Math, string, string?]> = [
      ['count', 'page_view'], ['unique_users', 'page_view'], ['unique_sessions', 'page_view'], ['sum', 'purchase', 'revenue'], ['avg', 'purchase', 'revenue'],
      ['min', 'purchase', 'revenue'], ['max', 'purchase', 'revenue'], ['p50', 'search', 'results_count'], ['p90', 'search', 'results_count'], ['p99', 'add_to_cart', 'price'],
    ];
    const r = await trends({ app_id: 'trends', from: FROM, to: TO, interval: 'day', series: maths.map(([math, event, property]) => ({ event, math, property })) });
    assert.equal(r.series.length, maths.length);
    maths.forEach(([math, event, property], i) => {
      assert.equal(r.series[i].math, math);
      assertPoints(r.series[i].points, refPoints(demo, { ...range, interval: 'day', tz: 'UTC', event, math, property }), `${math} of ${event}`);
    });
    assert.ok(r.series[0].points.some((p) => p.value > 0) && r.series[3].points.some((p) => p.value > 0), 'the data set is not empty');
  });

  await t.test('approximate unique users carry an error bound and stay within it', async () => {
    const r = await trends({ app_id: 'trends', from: FROM, to: TO, interval: 'week', series: [{ event: 'session_start', math: 'unique_users_approx' }] });
    const s = r.series[0];
    assert.ok(s.error_bound && s.error_bound.relative_standard_error > 0 && s.error_bound.relative_standard_error < 0.01);
    const exact = refPoints(demo, { ...range, interval: 'week', tz: 'UTC', event: 'session_start', math: 'unique_users' });
    assert.deepEqual(s.points.map((p) => p.t), exact.map((p) => p.t));
    for (const [i, p] of s.points.entries()) assert.ok(Math.abs(p.value - exact[i].value) <= 3 * s.error_bound!.relative_standard_error * exact[i].value + 1e-9, `${p.value} vs ${exact[i].value}`);
  });

  await t.test('series and shared filters', async () => {
    const seriesFilters: Filter[] = [{ property: 'page', op: 'in', value: ['/', '/pricing'] }];
    const shared: Filter[] = [{ property: 'variant', op: 'eq', value: 'B' }, { property: 'country', source: 'context', op: 'neq', value: 'US' }];
    const r = await trends({ app_id: 'trends', from: FROM, to: TO, series: [{ event: 'page_view', math: 'unique_users', filters: seriesFilters }], filters: shared });
    assertPoints(r.series[0].points, refPoints(demo, { ...range, interval: 'day', tz: 'UTC', event: 'page_view', math: 'unique_users', filters: [...seriesFilters, ...shared] }), 'filtered');
  });

  await t.test('New York days, hours, weeks and months across the November DST change', async () => {
    for (const interval of ['day', 'hour', 'week', 'month'] as const) {
      const from = interval === 'hour' ? '2026-10-31T12:00:00.000Z' : FROM;
      const to = interval === 'hour' ? '2026-11-02T12:00:00.000Z' : TO;
      const r = await trends({ app_id: 'trends', from, to, interval, timezone: NY, series: [{ event: 'page_view' }, { event: 'purchase', math: 'sum', property: 'revenue' }] });
      const spec = { fromMs: Date.parse(from), toMs: Date.parse(to), interval, tz: NY };
      assertPoints(r.series[0].points, refPoints(demo, { ...spec, event: 'page_view', math: 'count' }), `NY ${interval} count`);
      assertPoints(r.series[1].points, refPoints(demo, { ...spec, event: 'purchase', math: 'sum', property: 'revenue' }), `NY ${interval} revenue`);
    }
    const days = (await trends({ app_id: 'trends', from: '2026-10-31T04:00:00.000Z', to: '2026-11-03T05:00:00.000Z', timezone: NY, series: [{ event: 'page_view' }] })).series[0].points;
    assert.deepEqual(days.map((p) => p.t), ['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'], 'Nov 1 is a 25-hour day');
  });

  await t.test('March DST edges, from inclusive, to exclusive, minute and hour buckets', async () => {
    const from = EDGE_TIMES[0];
    const to = EDGE_TIMES[7];
    const r = await trends({ app_id: 'edges', from, to, interval: 'day', timezone: NY, series: [{ event: 'tick' }] }, edgeKeys.readKey);
    assert.deepEqual(r.series[0].points, [
      { t: '2026-03-07T05:00:00.000Z', value: 2 },
      { t: '2026-03-08T05:00:00.000Z', value: 4 },
      { t: '2026-03-09T04:00:00.000Z', value: 1 },
    ]);
    const spec = { fromMs: Date.parse(from), toMs: Date.parse(to), tz: NY, event: 'tick', math: 'count' as const };
    assert.deepEqual(r.series[0].points, refPoints(edges, { ...spec, interval: 'day' }));
    const hours = await trends({ app_id: 'edges', from: '2026-03-08T04:00:00.000Z', to: '2026-03-08T08:00:00.000Z', interval: 'hour', timezone: NY, series: [{ event: 'tick' }] }, edgeKeys.readKey);
    assert.deepEqual(hours.series[0].points, refPoints(edges, { ...spec, fromMs: Date.parse('2026-03-08T04:00:00.000Z'), toMs: Date.parse('2026-03-08T08:00:00.000Z'), interval: 'hour' }));
    assert.deepEqual(hours.series[0].points.map((p) => p.value), [1, 1, 1, 1]);
    const minutes = await trends({ app_id: 'edges', from: '2026-03-08T06:58:00.000Z', to: '2026-03-08T07:01:00.000Z', interval: 'minute', timezone: NY, series: [{ event: 'tick' }] }, edgeKeys.readKey);
    assert.deepEqual(minutes.series[0].points.map((p) => p.value), [0, 1, 1]);
  });

  await t.test('an empty range answers every bucket as 0', async () => {
    const r = await trends({ app_id: 'trends', from: '2025-01-01T00:00:00Z', to: '2025-01-08T00:00:00Z', series: [{ event: 'page_view', math: 'p90', property: 'x' }], breakdown: { property: 'page', limit: 3 } });
    assert.equal(r.series.length, 0, 'no breakdown values, no series');
    const plain = await trends({ app_id: 'trends', from: '2025-01-01T00:00:00Z', to: '2025-01-08T00:00:00Z', interval: 'week', series: [{ event: 'page_view', math: 'avg', property: 'x' }] });
    assert.deepEqual(plain.series[0].points, [{ t: '2024-12-30T00:00:00.000Z', value: 0 }, { t: '2025-01-06T00:00:00.000Z', value: 0 }]);
  });

  await t.test('breakdown: top N values by total plus one "other" series', async () => {
    const cases: Array<{ math: Math; event: string; property?: string; by: string; source?: 'context' | 'properties'; limit: number }> = [
      { math: 'count', event: 'page_view', by: 'page', limit: 3 },
      { math: 'unique_users', event: 'page_view', by: 'country', source: 'context', limit: 2 },
      { math: 'avg', event: 'add_to_cart', property: 'price', by: 'product_id', limit: 4 },
    ];
    for (const c of cases) {
      const r = await trends({ app_id: 'trends', from: FROM, to: TO, timezone: NY, series: [{ event: c.event, math: c.math, property: c.property }], breakdown: { property: c.by, source: c.source, limit: c.limit } });
      const base: RefSpec = { ...range, interval: 'day', tz: NY, event: c.event, math: c.math, property: c.property };
      const value = (e: RefEvent) => fieldText(e, c.by, c.source).text;
      const groups = new Map<string, RefEvent[]>();
      for (const e of selected(demo, base)) groups.set(value(e), [...(groups.get(value(e)) ?? []), e]);
      const rank = (es: RefEvent[]) => (['avg', 'min', 'max', 'p50', 'p90', 'p99'].includes(c.math) ? es.length : measure(es, c.math, c.property));
      const top = [...groups].sort((a, b) => rank(b[1]) - rank(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, c.limit).map(([v]) => v);
      assert.deepEqual(r.series.map((s) => s.breakdown_value), [...top, '$other'], `${c.by} order`);
      for (const s of r.series) {
        const keep = s.is_other ? (e: RefEvent) => !top.includes(value(e)) : (e: RefEvent) => value(e) === s.breakdown_value;
        assertPoints(s.points, refPoints(demo.filter(keep), base), `${c.by}=${s.breakdown_value}`);
      }
    }
  });

  await t.test('compare adds each series over the previous period of the same length', async () => {
    const r = await trends({ app_id: 'trends', from: '2026-10-29T00:00:00Z', to: TO, series: [{ event: 'page_view', math: 'unique_users' }], compare: true });
    assert.deepEqual(r.series.map((s) => s.compare ?? 'current'), ['current', 'previous']);
    const prev = { fromMs: Date.parse('2026-10-22T00:00:00Z'), toMs: Date.parse('2026-10-29T00:00:00Z'), interval: 'day' as const, tz: 'UTC', event: 'page_view', math: 'unique_users' as const };
    assertPoints(r.series[1].points, refPoints(demo, prev), 'previous period');
    assertPoints(r.series[0].points, refPoints(demo, { ...prev, fromMs: Date.parse('2026-10-29T00:00:00Z'), toMs: range.toMs }), 'current period');
  });

  await t.test('a segment restricts every series to its members', async () => {
    const buyers = new Set(demo.filter((e) => e.event_name === 'purchase' && e.timestamp >= '2026-10-25' && e.timestamp < '2026-11-01').map((e) => e.user_id));
    assert.ok(buyers.size > 0 && buyers.size < 60);
    const custom = { event: 'purchase', from: '2026-10-25T00:00:00Z', to: '2026-11-01T00:00:00Z' };
    const saved = await tally.app.inject({ method: 'PUT', url: '/v1/segments/recent-buyers?app_id=trends', headers: bearer(readKey), payload: custom });
    assert.equal(saved.statusCode, 200, saved.body);
    for (const segment of [{ custom }, { saved: 'recent-buyers' }] as SegmentRef[]) {
      const r = await trends({ app_id: 'trends', from: FROM, to: TO, series: [{ event: 'page_view' }], segment });
      assertPoints(r.series[0].points, refPoints(demo, { ...range, interval: 'day', tz: 'UTC', event: 'page_view', math: 'count', users: buyers }), JSON.stringify(segment));
    }
  });

  await t.test('bad specs get coded 400s (404 for an unknown saved segment)', async () => {
    const ok = { app_id: 'trends', from: FROM, to: TO, series: [{ event: 'page_view' }] };
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...ok, interval: 'fortnight' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, series: [] }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, series: [{ event: 'page_view', math: 'median' }] }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, series: [{ event: 'purchase', math: 'sum' }] }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ ...ok, sql: 'DROP TABLE events' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, timezone: 'Mars/Olympus' }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ ...ok, from: TO, to: FROM }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ ...ok, interval: 'minute' }, 400, 'TALLY_ERR_QUERY_TOO_MANY_BUCKETS'],
      [{ ...ok, from: '2020-01-01T00:00:00Z', interval: 'hour' }, 400, 'TALLY_ERR_QUERY_TOO_MANY_BUCKETS'],
      [{ ...ok, breakdown: { property: 'password', source: 'context' } }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ ...ok, filters: [{ property: 'x', op: 'like', value: 1 }] }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, segment: { builtin: 'whales' } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ ...ok, segment: { saved: 'nope' } }, 404, 'TALLY_ERR_SEGMENT_UNKNOWN'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)} -> ${res.body}`);
      assert.equal(res.json().error.code, code, JSON.stringify(body));
    }
  });

  await t.test("another app's read key gets 403; the spec is in the OpenAPI document", async () => {
    const res = await post({ app_id: 'trends', series: [{ event: 'page_view' }] }, edgeKeys.readKey);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'TALLY_ERR_AUTH_FORBIDDEN');
    const doc = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const body = doc.paths['/v1/insights/trends'].post.requestBody.content['application/json'].schema;
    assert.ok(body.properties.series && body.properties.breakdown && body.properties.compare && body.properties.segment);
  });

  await t.test('hour buckets in a half-hour zone start at half past the UTC hour', async () => {
    const r = await trends({ app_id: 'trends', from: '2026-10-21T00:00:00Z', to: '2026-10-21T06:00:00Z', interval: 'hour', timezone: 'Asia/Kolkata', series: [{ event: 'page_view' }] });
    assert.equal(r.series[0].points[0].t, '2026-10-20T23:30:00.000Z');
    assertPoints(r.series[0].points, refPoints(demo, { fromMs: Date.parse('2026-10-21T00:00:00Z'), toMs: Date.parse('2026-10-21T06:00:00Z'), interval: 'hour', tz: 'Asia/Kolkata', event: 'page_view', math: 'count' }), 'Kolkata hours');
  });
});
