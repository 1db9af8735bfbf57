// A count trend with no filter reads its whole UTC hours from the events table's hourly projection
// (migration 0075) and the partial hours at either end from events: the answer equals a count of
// the events themselves for ranges that start and end mid-hour or on the hour, in whole-hour and half-hour zones,
// for every interval, with comparison — and still after an erasure rewrote the parts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trends, type TrendsSpec } from '../../src/query/index.ts';
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
