// Materialized properties (docs/storage.md) on the query benchmark's events: a breakdown by `page`
// and an experiment's first variant per user, read from the JSON text, from a Nullable(String)
// column and from a LowCardinality(Nullable(String)) column, alternated on one store (p50); the
// columns' sizes; and what each column costs at insert (the same 20k-row inserts alternated into
// copies of the table with none, two and four materialized properties, two with their projections
// of hourly counts per value, and without the hourly projection of migration 0075).
//
//   node bench/storage/property-columns.ts [--events 10000000] [--runs 9] [--insert-events 400000]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { materializeProperty } from '../../src/query/index.ts';
import { jsonMemberText, materializedPropertyExpr } from '../../src/query/sql.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { datasetRowBatches } from '../lib/row-batches.ts';
import { loadDataset } from '../query/load.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '9' }, 'insert-events': { type: 'string', default: '400000' } } });
const N = Number(values.events);
const RUNS = Number(values.runs);
const INSERT_N = Number(values['insert-events']);
const END_MS = Date.parse('2026-11-02T00:00:00.000Z');
const log = (line: string) => process.stderr.write(`${line}\n`);

const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-property-columns-'));
const store = openStore({ kind: 'embedded' }, dir);
try {
  await migrate(store);
  const loaded = await loadDataset(store, { appId: 'bench', events: N, users: Math.max(100, Math.round(N / 50)), days: 60, endMs: END_MS, seed: 7 }, { batch: 100_000, postgres: false }, log);
  await store.command('OPTIMIZE TABLE events FINAL');
  log(`loaded ${loaded.events} events in ${loaded.seconds.toFixed(1)} s`);

  // each property twice: Tally's own column (LowCardinality for these few values) and a plain string copy of it
  const columns: Record<string, { lowCardinality: string; plain: string }> = {};
  for (const key of ['page', 'variant']) {
    const t0 = performance.now();
    await materializeProperty(store, key, { lowCardinality: true });
    const column = store.propertyColumns.columnOf(key) as string;
    await store.command(`ALTER TABLE events MATERIALIZE COLUMN ${column}`, {}, { settings: { mutations_sync: 2 } });
    await store.command(`ALTER TABLE events ADD COLUMN plain_${key} Nullable(String) MATERIALIZED ${materializedPropertyExpr(`'${key}'`)} CODEC(ZSTD(1))`);
    await store.command(`ALTER TABLE events MATERIALIZE COLUMN plain_${key}`, {}, { settings: { mutations_sync: 2 } });
    columns[key] = { lowCardinality: column, plain: `plain_${key}` };
    log(`${key}: both columns written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const sizes = await store.query<{ column: string; type: string; mib: number }>(
    `SELECT column, any(type) AS type, round(sum(column_data_compressed_bytes) / 1048576, 1) AS mib FROM system.parts_columns
     WHERE database = currentDatabase() AND table = 'events' AND active AND column IN {names:Array(String)} GROUP BY column ORDER BY column`,
    { names: ['properties', ...Object.values(columns).flatMap((c) => [c.lowCardinality, c.plain])] },
  );

  const where = `app_id = 'bench' AND timestamp >= toDateTime64('2026-10-03 00:00:00', 3, 'UTC') AND timestamp < toDateTime64('2026-11-02 00:00:00', 3, 'UTC')`;
  const breakdown = (v: string) =>
    `SELECT toUnixTimestamp(toStartOfDay(timestamp, 'UTC')) AS t, ${v} AS v, count() AS n FROM events WHERE ${where} AND event_name = 'page_view' GROUP BY t, v`;
  const experiment = (v: string) =>
    `SELECT variant, count() AS users, countIf(converted) AS conversions FROM (
       SELECT argMinIf(v, (timestamp, v), v != '') AS variant, countIf(v != '') > 0 AS assigned, countIf(event_name = 'purchase') > 0 AS converted
       FROM (SELECT user_id, timestamp, event_name, ${v} AS v FROM events WHERE ${where}) GROUP BY user_id)
     WHERE assigned GROUP BY variant`;
  const statements: Record<string, string> = {
    'breakdown, JSON text': breakdown(jsonMemberText('properties', "'page'")),
    'breakdown, Nullable(String)': breakdown(`ifNull(${columns.page.plain}, '')`),
    'breakdown, LowCardinality': breakdown(`ifNull(${columns.page.lowCardinality}, '')`),
    'experiment, JSON text': experiment(jsonMemberText('properties', "'variant'")),
    'experiment, Nullable(String)': experiment(`ifNull(${columns.variant.plain}, '')`),
    'experiment, LowCardinality': experiment(`ifNull(${columns.variant.lowCardinality}, '')`),
  };
  const times: Record<string, number[]> = {};
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [name, sql] of Object.entries(statements)) {
      const t0 = performance.now();
      await store.query(sql);
      if (i >= 2) (times[name] ??= []).push(performance.now() - t0);
    }
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  // insert cost: copies of the events table, the same batches alternated into each
  const batches = datasetRowBatches({ appId: 'bench', events: INSERT_N, users: Math.max(100, Math.round(INSERT_N / 50)), days: 60, endMs: END_MS, seed: 8 }, 20_000);
  const lowCardinality = 'LowCardinality(Nullable(String))';
  const tables: Record<string, Array<[string, string]>> = {
    'no projection, no column': [],
    'projection, no column': [],
    'projection, 2 columns': [['page', lowCardinality], ['variant', lowCardinality]],
    '2 columns, hourly counts': [['page', lowCardinality], ['variant', lowCardinality]],
    'projection, 4 columns': [['page', lowCardinality], ['variant', lowCardinality], ['revenue', 'Nullable(String)'], ['query', 'Nullable(String)']],
  };
  const names: Record<string, string> = {};
  for (const [i, [label, cols]] of Object.entries(tables).entries()) {
    const table = `insert_copy_${i}`;
    await store.command(`CREATE TABLE ${table} AS events`);
    for (const c of (await store.query<{ name: string }>("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String} AND default_kind = 'MATERIALIZED'", { t: table }))) {
      await store.command(`ALTER TABLE ${table} DROP PROJECTION IF EXISTS ${c.name}_hourly`);
      await store.command(`ALTER TABLE ${table} DROP COLUMN ${c.name}`);
    }
    if (label.startsWith('no projection')) await store.command(`ALTER TABLE ${table} DROP PROJECTION hourly_counts`);
    for (const [key, type] of cols) {
      await store.command(`ALTER TABLE ${table} ADD COLUMN c_${key} ${type} MATERIALIZED ${materializedPropertyExpr(`'${key}'`)} CODEC(ZSTD(1))`);
      // as materializeProperty adds to a LowCardinality column
      const keys = `app_id, event_name, toStartOfHour(timestamp), c_${key}`;
      if (label.includes('hourly counts')) await store.command(`ALTER TABLE ${table} ADD PROJECTION c_${key}_hourly (SELECT ${keys}, count() GROUP BY ${keys})`);
    }
    names[label] = table;
  }
  const insertMs: Record<string, number> = {};
  for (const batch of batches) {
    for (const [label, table] of Object.entries(names)) {
      const t0 = performance.now();
      await store.insertJsonEachRow(table, batch);
      insertMs[label] = (insertMs[label] ?? 0) + performance.now() - t0;
    }
  }

  log('');
  for (const [name, xs] of Object.entries(times)) log(`${name.padEnd(30)} p50 ${p50(xs).toFixed(1)} ms`);
  for (const s of sizes) log(`${s.column.padEnd(30)} ${s.type.padEnd(34)} ${s.mib} MiB`);
  for (const [label, ms] of Object.entries(insertMs)) log(`insert, ${label.padEnd(24)} ${Math.round(INSERT_N / (ms / 1000))} events/s`);
  console.log(
    JSON.stringify({
      benchmark: 'property-columns',
      events: N,
      p50_ms: Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, Number(p50(xs).toFixed(1))])),
      sizes_mib: Object.fromEntries(sizes.map((s) => [s.column, s.mib])),
      insert_events_per_s: Object.fromEntries(Object.entries(insertMs).map(([k, ms]) => [k, Math.round(INSERT_N / (ms / 1000))])),
    }),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
