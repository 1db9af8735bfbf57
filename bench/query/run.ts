// Query benchmark: in ONE run, on the SAME generated events, each question is asked four ways —
// through Tally's HTTP API (real socket, keep-alive), as the exact SQL that API call ran replayed
// raw on the engine (recorded through startTally's wrapStore), as the engine-best SQL for the same
// answer (engine-best.ts: hand-written, as fast as the engine can), and as hand-written SQL on the
// seeds' Postgres design (JSONB properties, B-tree + GIN indexes) — and p50/p95 of each, the API
// overhead, `api / engine_best` and the Postgres speed-up are printed against DESIGN.md's targets. Questions whose route
// does not exist yet are skipped with a note. Progress and the table go to stderr, JSON to stdout.
//
// The API is asked with `Cache-Control: no-store` (a fresh answer each time); `cached` is the same
// question answered from the answer cache, as a refreshing dashboard gets it.
//
// `--materialize page,variant` keeps those properties in columns of their own (POST
// /v1/properties/materialized) after the load, waits for the backfill, and lets the engine-best SQL
// read the same columns.
//
//   node bench/query/run.ts [--events 10000000] [--runs 20] [--pg-runs 20] [--only id,id] [--materialize key,key] [--keep-pg] [--show-sql]

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { createStoreRecorder, replay, type StoreRecorder } from '../lib/recorder.ts';
import { loadDataset } from './load.ts';
import { PG_BENCH_DATABASE, cleanUpPostgres, connect, createBenchDatabase, databaseSize, ensurePostgres, finishBenchDatabase, type PostgresCluster } from './postgres.ts';
import { disagreements, questions, type Question } from './questions.ts';
import { engineBest, type EngineBest } from './engine-best.ts';
import { distribution, summary, table, type QuestionResult } from './report.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    users: { type: 'string', description: 'default: events / 50' },
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    'pg-runs': { type: 'string', description: 'default: --runs; 0 skips Postgres' },
    batch: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
    only: { type: 'string', description: 'comma-separated question ids' },
    materialize: { type: 'string', description: 'comma-separated property keys to keep in columns' },
    'keep-pg': { type: 'boolean', default: false },
    'show-sql': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const USERS = values.users ? Number(values.users) : Math.max(100, Math.round(EVENTS / 50));
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const PG_RUNS = values['pg-runs'] === undefined ? RUNS : Number(values['pg-runs']);
const APP = 'bench';
const TOKEN = 'bench-admin-token-0123456789abcdef';
/** the data ends here: a Monday 00:00 UTC in the past, so runs are identical whatever the date */
const END_MS = Date.parse('2026-11-02T00:00:00.000Z');
const DAYS = 60;

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** `no-store`: a fresh answer, not the answer cache's (that is measured separately, as `cached`) */
async function post(baseUrl: string, key: string, q: Question, body: string, cache: 'no-store' | 'use' = 'no-store'): Promise<{ status: number; text: string; cache: string | null }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  if (cache === 'no-store') headers['cache-control'] = 'no-store';
  const res = await fetch(`${baseUrl}${q.path}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), cache: res.headers.get('x-tally-cache') };
}

/** the bare HTTP round trip of this process's client and server (GET /healthz): the API's floor */
async function httpFloor(baseUrl: string) {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const ms = await timed(async () => (await fetch(`${baseUrl}/healthz`)).text());
    if (i >= WARMUP) samples.push(ms);
  }
  return distribution(samples);
}

async function measure(q: Question, tally: Tally, recorder: StoreRecorder, baseUrl: string, key: string, client: pg.Client | undefined, best: EngineBest | undefined): Promise<QuestionResult> {
  const body = JSON.stringify(q.body);
  recorder.start();
  const probe = await post(baseUrl, key, q, body);
  const statements = recorder.stop();
  if (probe.status === 404) return { id: q.id, title: q.title, skipped: `${q.path} answered 404 (route not there yet)` };
  if (probe.status !== 200) return { id: q.id, title: q.title, skipped: `${q.path} answered ${probe.status}: ${probe.text.slice(0, 200)}` };
  if (values['show-sql']) for (const st of statements) log(`${q.id} SQL: ${st.sql}\n  params: ${JSON.stringify(st.params)}`);
  const tallyChecks = q.tallyChecks(JSON.parse(probe.text));
  let engineDiffer: string[] | undefined;
  if (best) {
    engineDiffer = disagreements(tallyChecks, await best(tally.store));
    for (const d of engineDiffer) log(`WARNING ${q.id}: Tally and the engine-best SQL disagree on ${d}`);
  }
  let differ: string[] | undefined;
  if (client) {
    differ = disagreements(tallyChecks, await q.postgres(client));
    for (const d of differ) log(`WARNING ${q.id}: Tally and Postgres disagree on ${d}`);
  }
  const api: number[] = [];
  const raw: number[] = [];
  const engine: number[] = [];
  const postgres: number[] = [];
  // interleaved, so the four ways see the same load on this shared machine
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const a = await timed(async () => {
      const r = await post(baseUrl, key, q, body);
      if (r.status !== 200) throw new Error(`${q.id}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    });
    const b = await timed(() => replay(tally.store, statements));
    const e = best ? await timed(() => best(tally.store)) : undefined;
    const c = client && i < WARMUP + PG_RUNS ? await timed(() => q.postgres(client)) : undefined;
    if (i < WARMUP) continue;
    api.push(a);
    raw.push(b);
    if (e !== undefined) engine.push(e);
    if (c !== undefined) postgres.push(c);
  }
  // a dashboard refreshing: the same question again, answered from the answer cache
  const cached: number[] = [];
  await post(baseUrl, key, q, body, 'use');
  for (let i = 0; i < WARMUP + RUNS; i++) {
    let outcome: string | null = null;
    const ms = await timed(async () => {
      outcome = (await post(baseUrl, key, q, body, 'use')).cache;
    });
    if (outcome !== 'hit') throw new Error(`${q.id}: the repeated question was a cache ${outcome}`);
    if (i >= WARMUP) cached.push(ms);
  }
  const result: QuestionResult = {
    id: q.id,
    title: q.title,
    statements: statements.length,
    api: distribution(api),
    cached: distribution(cached),
    raw: distribution(raw),
    engineBest: distribution(engine),
    postgres: distribution(postgres),
    targetP50Ms: q.targetP50Ms,
    answersAgree: differ ? differ.length === 0 : undefined,
    engineAgrees: engineDiffer ? engineDiffer.length === 0 : undefined,
    engineDisagreements: engineDiffer,
    disagreements: differ,
    tallyChecks,
  };
  log(`${q.id}: API p50 ${result.api?.p50} ms, raw p50 ${result.raw?.p50} ms, engine-best p50 ${result.engineBest?.p50 ?? '—'} ms${result.postgres ? `, Postgres p50 ${result.postgres.p50} ms` : ''} (${statements.length} statements)`);
  return result;
}

/** keeps `keys` in columns of their own and waits until the stored events have them written */
async function materialize(baseUrl: string, keys: readonly string[]): Promise<{ properties: string[]; seconds: number }> {
  const t0 = performance.now();
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  for (const property of keys) {
    const res = await fetch(`${baseUrl}/v1/properties/materialized`, { method: 'POST', headers, body: JSON.stringify({ property }) });
    if (res.status !== 201 && res.status !== 200) throw new Error(`materialize ${property}: ${res.status} ${await res.text()}`);
  }
  for (;;) {
    const listed = (await (await fetch(`${baseUrl}/v1/properties/materialized`, { headers })).json()) as { properties: Array<{ backfilled: boolean }> };
    if (listed.properties.every((p) => p.backfilled)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (keys.length > 0) log(`materialized ${keys.join(', ')}: columns added and stored events backfilled in ${seconds(t0)} s`);
  return { properties: [...keys], seconds: Number(seconds(t0)) };
}

async function main() {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  log(`bench/query: ${EVENTS} events, ~${USERS} users, ${DAYS} days, ${RUNS} runs (+${WARMUP} warm-up), Postgres runs ${PG_RUNS}; ${os.cpus().length} cores, load ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const qs = questions({ appId: APP, endMs: END_MS }).filter((q) => !only || only.has(q.id));

  let cluster: PostgresCluster | undefined;
  if (PG_RUNS > 0) {
    cluster = await ensurePostgres(log);
    await createBenchDatabase();
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tally-bench-query-'));
  const recorder = createStoreRecorder();
  let tally: Tally | undefined;
  let client: pg.Client | undefined;
  try {
    const config = loadConfig({
      TALLY_DATA_DIR: dataDir, TALLY_PORT: '0', TALLY_METRICS_PORT: '0', TALLY_ADMIN_TOKEN: TOKEN,
      TALLY_FSYNC: 'false', TALLY_LOG_LEVEL: 'warn', TALLY_RATE_LIMIT_READ: '0',
    });
    tally = await startTally(config, { listen: true, wrapStore: (conn) => recorder.wrap(conn) });
    const baseUrl = `http://127.0.0.1:${tally.port}`;
    const created = await fetch(`${baseUrl}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: APP }) });
    if (created.status !== 201) throw new Error(`create app: ${created.status} ${await created.text()}`);
    const readKey = ((await created.json()) as { read_key: string }).read_key;

    const loaded = await loadDataset(tally.store, { appId: APP, events: EVENTS, users: USERS, days: DAYS, endMs: END_MS, seed: Number(values.seed) }, { batch: Number(values.batch), postgres: PG_RUNS > 0 }, log);
    log(`load: ${loaded.events} events in ${loaded.seconds.toFixed(1)} s (Tally rows ${loaded.tallyRows}, Postgres rows ${loaded.postgresRows})`);
    if (loaded.tallyRows !== EVENTS || (PG_RUNS > 0 && loaded.postgresRows !== EVENTS)) throw new Error('a store did not receive every event');

    // both stores settle as a long-running system would: parts merged; indexes built, vacuumed, analyzed
    const t0 = performance.now();
    const store = tally.store;
    await Promise.all([
      store.command('OPTIMIZE TABLE events FINAL').then(() => log(`tally: OPTIMIZE TABLE events FINAL in ${seconds(t0)} s`)),
      PG_RUNS > 0 ? finishBenchDatabase(log) : Promise.resolve(),
    ]);
    const [{ engine, parts, bytes }] = await store.query<{ engine: string; parts: number; bytes: number }>(
      "SELECT version() AS engine, count() AS parts, sum(bytes_on_disk) AS bytes FROM system.parts WHERE active AND database = currentDatabase() AND table = 'events'",
    );
    log(`tally: ClickHouse ${engine} (chDB), events table ${parts} parts, ${(bytes / 2 ** 20).toFixed(0)} MiB on disk`);
    if (PG_RUNS > 0) {
      client = await connect(PG_BENCH_DATABASE);
      log(`postgres: ${cluster?.version}, database ${await databaseSize(client)}`);
    }

    const materialized = await materialize(baseUrl, values.materialize ? values.materialize.split(',') : []);
    const bests = engineBest({ appId: APP, endMs: END_MS }, (key) => store.propertyColumns.columnOf(key));
    if (materialized.properties.length > 0) {
      const [after] = await store.query<{ bytes: number }>("SELECT sum(bytes_on_disk) AS bytes FROM system.parts WHERE active AND database = currentDatabase() AND table = 'events'");
      log(`tally: events table ${(after.bytes / 2 ** 20).toFixed(0)} MiB on disk with the materialized columns`);
    }

    const floor = await httpFloor(baseUrl);
    log(`http floor (GET /healthz round trip): p50 ${floor?.p50} ms, p95 ${floor?.p95} ms`);
    const results: QuestionResult[] = [];
    for (const q of qs) {
      const r = await measure(q, tally, recorder, baseUrl, readKey, client, bests[q.id]);
      if (r.skipped) log(`${q.id}: skipped — ${r.skipped}`);
      results.push(r);
    }
    const loadEnd = os.loadavg();
    log('');
    log(table(results));
    const rss = process.memoryUsage().rss;
    log(`RSS at the end: ${(rss / 2 ** 20).toFixed(0)} MiB (this process: Tally, the engine and the benchmark's client)`);
    console.log(
      JSON.stringify(
        {
          benchmark: 'query',
          date: startedAt.toISOString(),
          command: `node bench/query/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
          machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? '', memory_gib: Math.round(os.totalmem() / 2 ** 30), load_average_start: loadStart.map((l) => Number(l.toFixed(2))), load_average_end: loadEnd.map((l) => Number(l.toFixed(2))) },
          versions: { node: process.version, clickhouse_chdb: engine, postgres: cluster?.version ?? null },
          data: { events: EVENTS, users: USERS, days: DAYS, end: new Date(END_MS).toISOString(), seed: Number(values.seed), load_seconds: Number(loaded.seconds.toFixed(1)), tally_parts: parts, tally_mib: Math.round(bytes / 2 ** 20) },
          runs: RUNS,
          warmup: WARMUP,
          postgres_runs: PG_RUNS,
          http_floor_ms: floor ?? null,
          materialized,
          rss_mib_end: Math.round(process.memoryUsage().rss / 2 ** 20),
          ...summary(results),
        },
        null,
        2,
      ),
    );
  } finally {
    await client?.end().catch(() => {});
    await tally?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (cluster) await cleanUpPostgres(cluster, { keepDatabase: values['keep-pg'] ?? false }, log);
  }
}

await main();
