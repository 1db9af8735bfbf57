// A count trend with no filter reads its whole UTC hours from the events table's hourly projection
// (migration 0075) and the partial hours at either end from events: the answer equals a count of
// the events themselves for ranges that start and end mid-hour or on the hour, in whole-hour and half-hour zones,
// for every interval, with comparison — and still after an erasure rewrote the parts. A count broken
// down by a LowCardinality property column reads its whole hours from that column's projection the
// same way, and answers what the JSON text answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropMaterializedProperty, listMaterializedProperties, materializeProperty, trends, type TrendsSpec } from '../../src/query/index.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { bucketList, bucketStart, type RefEvent, type RefInterval } from '../helpers/reference.ts';
import { createApp, startTestTally } from '../helpers/tally.ts';

const APP = 'hourly';
const START = Date.parse('2026-10-20T00:00:00.000Z');
const DAY = 86_400_000;

/** events at scattered minutes over 12 days, two event names, a few users */
function scattered(): RefEvent[] {
  const out: RefEvent[] = [];
  for (let i = 0; i < 1500; i++) {
    const at = START + ((i * 7_919_993) % (12 * DAY)) + (i % 997);
    out.push({ event_name: i % 3 === 0 ? 'buy' : 'view', user_id: `u${i % 17}`, timestamp: new Date(at).toISOString(), properties: { i } });
  }
  return out;
}

/** a store that keeps the SQL of every query it runs */
function recording(store: StoreConnection): { store: StoreConnection; sql: string[]; params: Array<Record<string, unknown>> } {
  const sql: string[] = [];
  const params: Array<Record<string, unknown>> = [];
  return {
    sql,
    params,
    store: {
      ...store,
      query(text, values, options) {
        sql.push(text);
        params.push({ ...(values ?? {}) });
        return store.query(text, values, options);
      },
    },
  };
}

test('count trends read whole hours from the hourly projection and agree with the events', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, APP);
  let events = scattered();
  const receipt = await tally.ingest.ingest(events.map((e) => ({ app_id: APP, ...e })), {});
  assert.equal(receipt.accepted, events.length);

  const expected = (spec: { fromMs: number; toMs: number; interval: RefInterval; tz: string; event: string }) => {
    const counts = new Map<number, number>();
    for (const e of events) {
      const ms = Date.parse(e.timestamp);
      if (e.event_name !== spec.event || ms < spec.fromMs || ms >= spec.toMs) continue;
      const b = bucketStart(spec.interval, ms, spec.tz);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    return bucketList(spec.interval, spec.fromMs, spec.toMs, spec.tz).map((b) => ({ t: new Date(b).toISOString(), value: counts.get(b) ?? 0 }));
  };
  const cases: Array<{ interval: RefInterval; tz: string; fromMs: number; toMs: number }> = [
    { interval: 'day', tz: 'UTC', fromMs: START + 90_061_007, toMs: START + 9 * DAY + 3_599_999 },
    { interval: 'hour', tz: 'UTC', fromMs: START + DAY + 1_800_000, toMs: START + 2 * DAY + 5_400_001 },
    { interval: 'week', tz: 'America/New_York', fromMs: START + 1_234_567, toMs: START + 11 * DAY + 7_777_777 },
    { interval: 'month', tz: 'Europe/Berlin', fromMs: START + 100, toMs: START + 12 * DAY },
    { interval: 'day', tz: 'Asia/Kolkata', fromMs: START + 3_000_000, toMs: START + 6 * DAY + 100_000 },
    { interval: 'day', tz: 'UTC', fromMs: START + 60_000, toMs: START + 1_800_000 },
    // whole hours at both ends: the projection alone
    { interval: 'day', tz: 'UTC', fromMs: START + DAY, toMs: START + 8 * DAY },
    { interval: 'day', tz: 'America/New_York', fromMs: START + 4 * 3_600_000, toMs: START + 10 * DAY + 4 * 3_600_000 },
  ];
  const check = async (when: string) => {
    for (const c of cases) {
      for (const event of ['view', 'buy']) {
        const spec: TrendsSpec = { app_id: APP, from: new Date(c.fromMs).toISOString(), to: new Date(c.toMs).toISOString(), interval: c.interval, timezone: c.tz, series: [{ event, math: 'count' }] };
        const { series } = await trends(tally.store, spec);
        assert.deepEqual(series[0].points, expected({ ...c, event }), `${when}: ${JSON.stringify(c)} ${event}`);
      }
    }
    // the previous period too
    const spec: TrendsSpec = { app_id: APP, from: new Date(START + 6 * DAY + 1_000).toISOString(), to: new Date(START + 12 * DAY - 1_000).toISOString(), interval: 'day', series: [{ event: 'view', math: 'count' }], compare: true };
    const { series } = await trends(tally.store, spec);
    assert.deepEqual(series[1].points.map((p) => p.value), expected({ fromMs: START + 3_000, toMs: START + 6 * DAY + 1_000, interval: 'day', tz: 'UTC', event: 'view' }).map((p) => p.value), `${when}: previous period`);
  };
  await check('as inserted');

  // the engine reads the projection for the whole hours (a zone with a half-hour offset reads events)
  const rec = recording(tally.store);
  await trends(rec.store, { app_id: APP, from: new Date(cases[0].fromMs).toISOString(), to: new Date(cases[0].toMs).toISOString(), interval: 'day', series: [{ event: 'view', math: 'count' }] });
  const countSql = rec.sql.findIndex((q) => q.includes('count()'));
  const plan = (await tally.store.query<{ explain: string }>(`EXPLAIN ${rec.sql[countSql]}`, rec.params[countSql])).map((r) => r.explain).join('\n');
  assert.match(plan, /ReadFromMergeTree \(hourly_counts\)/, plan);
  assert.match(plan, /ReadFromMergeTree \(default\.events\)/, 'the edges come from events');

  // an erasure rewrites the parts: the projection follows
  await tally.store.command(`ALTER TABLE events DELETE WHERE app_id = {app:String} AND user_id = 'u3'`, { app: APP }, { settings: { mutations_sync: 2 } });
  events = events.filter((e) => e.user_id !== 'u3');
  await check('after an erasure');
  // and merges (which rebuild it) change nothing
  await tally.store.command('OPTIMIZE TABLE events FINAL');
  await check('after merges');
});

test('count breakdowns by a LowCardinality property read whole hours from its projection and agree with the JSON text', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, APP);
  const pages = ['/a', '/b', '/c', '/d', '/e'];
  // some events lack the property, some hold a JSON null
  const events = scattered().map((e, i) => ({ ...e, properties: i % 11 === 0 ? { i } : i % 13 === 0 ? { i, page: null } : { i, page: pages[(i * i) % pages.length] } }));
  assert.equal((await tally.ingest.ingest(events.map((e) => ({ app_id: APP, ...e })), {})).accepted, events.length);
  const specs: TrendsSpec[] = [
    { interval: 'day', timezone: 'UTC', from: START + 90_061_007, to: START + 9 * DAY + 3_599_999 },
    { interval: 'hour', timezone: 'UTC', from: START + DAY + 1_800_000, to: START + 2 * DAY + 5_400_001, limit: 2 },
    { interval: 'week', timezone: 'America/New_York', from: START + 1_234_567, to: START + 11 * DAY + 7_777_777 },
    { interval: 'day', timezone: 'Asia/Kolkata', from: START + 3_000_000, to: START + 6 * DAY + 100_000 },
    { interval: 'day', timezone: 'UTC', from: START + DAY, to: START + 8 * DAY, limit: 3, compare: true },
    { interval: 'day', timezone: 'Europe/Berlin', from: START + 6 * DAY + 1_000, to: START + 12 * DAY - 1_000, compare: true },
  ].map((c) => ({
    app_id: APP,
    from: new Date(c.from).toISOString(),
    to: new Date(c.to).toISOString(),
    interval: c.interval as TrendsSpec['interval'],
    timezone: c.timezone,
    series: [{ event: 'view', math: 'count' as const }],
    breakdown: { property: 'page', ...(c.limit ? { limit: c.limit } : {}) },
    ...(c.compare ? { compare: true } : {}),
  }));
  const fromText = await Promise.all(specs.map((spec) => trends(tally.store, spec)));
  assert.ok(fromText.every((r) => r.series.length > 1));

  await materializeProperty(tally.store, 'page', { lowCardinality: true });
  const column = tally.store.propertyColumns.columnOf('page') as string;
  const check = async (when: string) => {
    for (const [i, spec] of specs.entries()) assert.deepEqual(await trends(tally.store, spec), fromText[i], `${when}: ${JSON.stringify(spec)}`);
  };
  await check('backfill running');
  for (let waited = 0; !(await listMaterializedProperties(tally.store)).every((p) => p.backfilled); waited += 50) {
    assert.ok(waited < 60_000, 'the column and its projection are written within a minute');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await check('backfilled');
  await tally.store.command('OPTIMIZE TABLE events FINAL');
  await check('parts merged');

  // the engine reads the column's projection for the whole hours
  const rec = recording(tally.store);
  await trends(rec.store, specs[0]);
  const at = rec.sql.findIndex((q) => q.includes('toStartOfHour'));
  const plan = (await tally.store.query<{ explain: string }>(`EXPLAIN ${rec.sql[at]}`, rec.params[at])).map((r) => r.explain).join('\n');
  assert.ok(plan.includes(`ReadFromMergeTree (${column}_hourly)`), plan);

  // an erasure rewrites the parts: the projection follows
  await tally.store.command(`ALTER TABLE events DELETE WHERE app_id = {app:String} AND user_id = 'u3'`, { app: APP }, { settings: { mutations_sync: 2 } });
  await dropMaterializedProperty(tally.store, 'page');
  const erased = await Promise.all(specs.map((spec) => trends(tally.store, spec)));
  assert.notDeepEqual(erased, fromText);
  await materializeProperty(tally.store, 'page', { lowCardinality: true });
  await tally.store.command('OPTIMIZE TABLE events FINAL');
  for (const [i, spec] of specs.entries()) assert.deepEqual(await trends(tally.store, spec), erased[i], `after an erasure: ${JSON.stringify(spec)}`);
  const [projection] = await tally.store.query<{ n: number }>(`SELECT count() AS n FROM system.projections WHERE database = currentDatabase() AND table = 'events' AND name = {name:String}`, { name: `${column}_hourly` });
  assert.equal(Number(projection.n), 1);
  await dropMaterializedProperty(tally.store, 'page');
  const [gone] = await tally.store.query<{ n: number }>(`SELECT count() AS n FROM system.projections WHERE database = currentDatabase() AND table = 'events' AND name = {name:String}`, { name: `${column}_hourly` });
  assert.equal(Number(gone.n), 0, 'dropping the property drops its projection');
});
