// The events' `timestamp` column under each codec tried (migration 0080): the query benchmark's
// events copied into one table per codec, merged to one part a month, then the same scans alternated
// over the copies (p50): a daily count of one event (the projection off, so the rows are read),
// daily unique users, a 4-step `windowFunnel`, each user's first time and events, and a breakdown by
// a materialized property. Then the column's size in each copy, and what each codec costs at insert
// (the same 20k-row inserts alternated into each copy).
//
//   node bench/storage/timestamp-codec.ts [--events 10000000] [--runs 9] [--insert-events 400000]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { materializeProperty } from '../../src/query/index.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { datasetRowBatches } from '../lib/row-batches.ts';
import { loadDataset } from '../query/load.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '9' }, 'insert-events': { type: 'string', default: '400000' } } });
const N = Number(values.events);
const RUNS = Number(values.runs);
const INSERT_N = Number(values['insert-events']);
const END_MS = Date.parse('2026-11-02T00:00:00.000Z');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** table → the timestamp's codec */
const CODECS: Readonly<Record<string, string>> = {
  ts_delta_zstd: 'Delta, ZSTD(1)',
  ts_delta_lz4: 'Delta, LZ4',
  ts_t64_lz4: 'T64, LZ4',
};

const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-timestamp-codec-'));
const store = openStore({ kind: 'embedded' }, dir);
try {
  await migrate(store);
  const loaded = await loadDataset(store, { appId: 'bench', events: N, users: Math.max(100, Math.round(N / 50)), days: 60, endMs: END_MS, seed: 7 }, { batch: 100_000, postgres: false }, log);
  log(`loaded ${loaded.events} events in ${loaded.seconds.toFixed(1)} s`);
  await materializeProperty(store, 'page', { lowCardinality: true });
  const page = store.propertyColumns.columnOf('page') as string;

  for (const [table, codec] of Object.entries(CODECS)) {
    const t0 = performance.now();
    await store.command(`CREATE TABLE ${table} AS events`);
    await store.command(`ALTER TABLE ${table} MODIFY COLUMN timestamp DateTime64(3, 'UTC') CODEC(${codec})`);
    await store.command(`INSERT INTO ${table} SELECT * FROM events`);
    await store.command(`OPTIMIZE TABLE ${table} FINAL`);
    log(`${table}: copied in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // the same instants in every copy
  const check = await store.query<{ t: string; h: string }>(
    `SELECT _table AS t, toString(groupBitXor(cityHash64(event_id, timestamp))) AS h FROM merge(currentDatabase(), '^ts_') GROUP BY t`,
  );
  if (new Set(check.map((c) => c.h)).size !== 1) throw new Error(`the copies' timestamps differ: ${JSON.stringify(check)}`);
  const sizes = await store.query<{ table: string; mib: number }>(
    `SELECT table, round(sum(column_data_compressed_bytes) / 1048576, 1) AS mib FROM system.parts_columns
     WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND active AND column = 'timestamp' GROUP BY table`,
    { tables: Object.keys(CODECS) },
  );

  const range = `timestamp >= toDateTime64('2026-10-03 00:00:00', 3, 'UTC') AND timestamp < toDateTime64('2026-11-02 00:00:00', 3, 'UTC')`;
  const pageViews = `app_id = 'bench' AND event_name = 'page_view' AND ${range}`;
  const all = `app_id = 'bench' AND ${range}`;
  const scans: Record<string, (t: string) => string> = {
    'daily count': (t) => `SELECT toStartOfDay(timestamp, 'UTC') AS d, count() FROM ${t} WHERE ${pageViews} GROUP BY d SETTINGS optimize_use_projections = 0`,
    'daily unique users': (t) => `SELECT toStartOfDay(timestamp, 'UTC') AS d, uniqExact(user_id) FROM ${t} WHERE ${pageViews} GROUP BY d`,
    'windowFunnel, 4 steps': (t) =>
      `SELECT level, count() FROM (SELECT windowFunnel(86400000)(toUInt64(toUnixTimestamp64Milli(timestamp)), event_name = 'page_view', event_name = 'add_to_cart', event_name = 'checkout', event_name = 'purchase') AS level
       FROM ${t} WHERE ${all} GROUP BY user_id) GROUP BY level`,
    "each user's first time": (t) => `SELECT count(), sum(n) FROM (SELECT user_id, min(timestamp) AS first, count() AS n FROM ${t} WHERE ${all} GROUP BY user_id)`,
    'daily breakdown by page': (t) => `SELECT toStartOfDay(timestamp, 'UTC') AS d, ifNull(${page}, '') AS v, count() FROM ${t} WHERE ${pageViews} GROUP BY d, v`,
  };
  const times: Record<string, Record<string, number[]>> = {};
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [scan, sql] of Object.entries(scans)) {
      for (const table of Object.keys(CODECS)) {
        const t0 = performance.now();
        await store.query(sql(table));
        if (i >= 2) ((times[scan] ??= {})[table] ??= []).push(performance.now() - t0);
      }
    }
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  // insert cost: the same batches alternated into each copy
  const batches = datasetRowBatches({ appId: 'bench', events: INSERT_N, users: Math.max(100, Math.round(INSERT_N / 50)), days: 60, endMs: END_MS, seed: 8 }, 20_000);
  const insertMs: Record<string, number> = {};
  for (const batch of batches) {
    for (const table of Object.keys(CODECS)) {
      const t0 = performance.now();
      await store.insertJsonEachRow(table, batch);
      insertMs[table] = (insertMs[table] ?? 0) + performance.now() - t0;
    }
  }

  log('');
  log(`${'scan, p50 ms'.padEnd(26)}${Object.values(CODECS).map((c) => c.padStart(16)).join('')}`);
  for (const [scan, byTable] of Object.entries(times)) log(`${scan.padEnd(26)}${Object.keys(CODECS).map((t) => p50(byTable[t]).toFixed(1).padStart(16)).join('')}`);
  log(`${'timestamp, MiB'.padEnd(26)}${Object.keys(CODECS).map((t) => String(sizes.find((s) => s.table === t)?.mib).padStart(16)).join('')}`);
  log(`${'insert, events/s'.padEnd(26)}${Object.keys(CODECS).map((t) => String(Math.round(INSERT_N / (insertMs[t] / 1000))).padStart(16)).join('')}`);
  console.log(
    JSON.stringify({
      benchmark: 'timestamp-codec',
      events: N,
      codecs: CODECS,
      p50_ms: Object.fromEntries(Object.entries(times).map(([scan, byTable]) => [scan, Object.fromEntries(Object.entries(byTable).map(([t, xs]) => [t, Number(p50(xs).toFixed(1))]))])),
      timestamp_mib: Object.fromEntries(sizes.map((s) => [s.table, s.mib])),
      insert_events_per_s: Object.fromEntries(Object.entries(insertMs).map(([t, ms]) => [t, Math.round(INSERT_N / (ms / 1000))])),
    }),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
