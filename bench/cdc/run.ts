// Change-capture benchmark, against the repository's PostgreSQL (TALLY_BENCH_PG_URL, default
// postgres://postgres@127.0.0.1:55432; `npm run pg:start`), in a fresh database dropped afterwards:
//   1. the raw engine's own insert rate on the rows capture stores (batches of 50000, as bench/kafka);
//   2. PostgreSQL's own insert rate for the same rows (INSERT … SELECT generate_series), for scale;
//   3. snapshot: rows that exist before the slot, PostgreSQL → store (through the ingest pipeline and
//      the batcher, durable) in rows/s;
//   4. stream: rows inserted while capture streams ("live": from the first insert to the last row
//      stored, bounded by the inserts on a shared machine), and rows written while capture was
//      stopped, read from the slot at its own pace ("catch-up": from its start to the last row stored);
//   5. lag at a steady rate (default 5000 rows/s in transactions of 50): from each row's commit
//      (its `timestamp`, now() of its transaction) to the store's acknowledgement, p50/p99.
// Prints JSON with the ratios.
//
//   node bench/cdc/run.ts [--rows 200000] [--rate 5000] [--seconds 10]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { startTally } from '../../src/service.ts';
import { composePostgresCapture, mapChange, SEED_000_MAPPINGS } from '../../src/sources/index.ts';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL } from '../../test/sources/pg.ts';
import { cpuBetween, cpuSnapshot } from '../lib/cpu.ts';
import { percentile } from '../lib/events.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '10' } } });
const ROWS = Number(values.rows);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BASE = process.env.TALLY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:55432';
const silent = pino({ level: 'silent' });
const cleanups: Array<() => unknown> = [];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function rawEngine(db: Awaited<ReturnType<typeof createDatabase>>): Promise<number> {
  const cdc = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS) });
  if (!cdc) throw new Error('no cdc config');
  const table = cdc.tables[0];
  const source = await db.query<Record<string, unknown>>('SELECT * FROM concept_events ORDER BY id');
  const pipeline = createIngestPipeline();
  const rows: string[] = [];
  for (const row of source) {
    const m = mapChange(table, ['id'], { kind: 'insert', row, lsn: '0/0' });
    if (!m.ok) continue;
    const r = pipeline(m.event, { receivedAtMs: Date.now() });
    if (r.ok) rows.push(r.event.row);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-cdcraw-'));
  const conn = openStore({ kind: 'embedded' }, dir);
  await migrate(conn);
  const buffers: Buffer[] = [];
  for (let i = 0; i < rows.length; i += 50_000) buffers.push(Buffer.from(rows.slice(i, i + 50_000).join('\n') + '\n'));
  const t0 = performance.now();
  for (const b of buffers) await conn.insertJsonEachRow('events', b);
  const seconds = (performance.now() - t0) / 1000;
  await conn.close();
  rmSync(dir, { recursive: true, force: true });
  return rows.length / seconds;
}

async function main() {
  const hooks = { after: (fn: () => unknown) => cleanups.push(fn) };
  const db = await createDatabase(hooks, BASE);
  await db.query(SEED_000_DDL);
  // PostgreSQL's own rate, and the rows the snapshot will read
  let t0 = performance.now();
  for (let done = 0; done < ROWS; done += 20_000) await insertConceptEvents(db, Math.min(20_000, ROWS - done));
  const pgRate = ROWS / ((performance.now() - t0) / 1000);
  process.stderr.write(`postgres insert: ${Math.round(pgRate)} rows/s\n`);
  const raw = await rawEngine(db);
  process.stderr.write(`raw engine: ${Math.round(raw)} rows/s\n`);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'tally-bench-cdc-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef', TALLY_LOG_LEVEL: 'silent', TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' });
  const tally = await startTally(config, { listen: false, logger: silent });
  const cdc = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}` });
  if (!cdc) throw new Error('no cdc config');
  let latencies: number[] | undefined;
  const ingest = {
    async ingest(events: readonly unknown[], caller: Parameters<typeof tally.ingest.ingest>[1]) {
      const receipt = await tally.ingest.ingest(events, caller);
      if (latencies) {
        const now = Date.now();
        for (const e of events) latencies.push(now - Date.parse(String((e as { timestamp: string }).timestamp)));
      }
      return receipt;
    },
  };
  // time the batcher spent in store flushes (dedup lookup + insert, one at a time): how close the store is to its limit
  const flushTotals = async () => {
    const m = (await tally.metrics.registry.getSingleMetric('analytics_batch_flush_seconds')?.get()) as { values: Array<{ metricName?: string; value: number }> } | undefined;
    const value = (name: string) => m?.values.find((v) => v.metricName === name)?.value ?? 0;
    return { seconds: value('analytics_batch_flush_seconds_sum'), count: value('analytics_batch_flush_seconds_count') };
  };
  const makeCapture = () => composePostgresCapture({ config: cdc, ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: silent });
  let capture = makeCapture();
  const stored = () => capture.status().rows.stored;

  t0 = performance.now();
  await capture.start();
  const snapshotRate = stored() / ((performance.now() - t0) / 1000);
  process.stderr.write(`snapshot: ${Math.round(snapshotRate)} rows/s (${stored()} rows)\n`);

  // live: rows inserted while capture streams (capture keeps pace with the inserts, or not)
  let before = stored();
  t0 = performance.now();
  for (let done = 0; done < ROWS; done += 10_000) await insertConceptEvents(db, Math.min(10_000, ROWS - done));
  while (stored() - before < ROWS) await new Promise((r) => setTimeout(r, 5));
  const liveRate = ROWS / ((performance.now() - t0) / 1000);
  process.stderr.write(`stream, live: ${Math.round(liveRate)} rows/s\n`);
  // catch-up: rows written while capture was stopped, read from the slot as fast as capture goes
  await capture.close();
  for (let done = 0; done < ROWS; done += 20_000) await insertConceptEvents(db, Math.min(20_000, ROWS - done));
  capture = makeCapture();
  before = 0;
  const flushesBefore = await flushTotals();
  t0 = performance.now();
  const cpu0 = cpuSnapshot();
  await capture.start();
  while (stored() - before < ROWS) await new Promise((r) => setTimeout(r, 5));
  const catchUpCpu = cpuBetween(cpu0, cpuSnapshot());
  const catchUpSeconds = (performance.now() - t0) / 1000;
  const streamRate = ROWS / catchUpSeconds;
  const flushesAfter = await flushTotals();
  const storeBusy = (flushesAfter.seconds - flushesBefore.seconds) / catchUpSeconds;
  const flushes = flushesAfter.count - flushesBefore.count;
  process.stderr.write(`stream, catch-up: ${Math.round(streamRate)} rows/s (${flushes} store flushes, the store busy ${Math.round(storeBusy * 100)}% of the time; machine busy ${Math.round(catchUpCpu.machine_busy * 100)}%, Tally ${catchUpCpu.tally_cores} cores, PostgreSQL ${catchUpCpu.postgres_cores})\n`);

  // steady rate: transactions of 50 rows every 50 / RATE seconds
  latencies = [];
  const perTx = 50;
  const intervalMs = (perTx / RATE) * 1000;
  const target = stored() + Math.floor((SECONDS * 1000) / intervalMs) * perTx;
  const tStart = performance.now();
  for (let i = 0; performance.now() - tStart < SECONDS * 1000; i++) {
    const due = tStart + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    void insertConceptEvents(db, perTx);
  }
  while (stored() < target) await new Promise((r) => setTimeout(r, 10));
  const lat = latencies.sort((a, b) => a - b);
  process.stderr.write(`lag at ${RATE} rows/s: p50 ${percentile(lat, 50)} ms, p99 ${percentile(lat, 99)} ms (${lat.length} rows)\n`);
  await capture.close();
  await tally.close();
  process.stdout.write(
    JSON.stringify(
      {
        rows: ROWS,
        postgres_insert_rows_per_s: Math.round(pgRate),
        raw_engine_rows_per_s: Math.round(raw),
        snapshot_rows_per_s: Math.round(snapshotRate),
        stream_catch_up_rows_per_s: Math.round(streamRate),
        stream_live_rows_per_s: Math.round(liveRate),
        ratio_stream_to_raw: round(streamRate / raw, 3),
        catch_up_store_flushes: flushes,
        catch_up_store_busy: round(storeBusy, 2),
        catch_up_cpu: catchUpCpu,
        ratio_snapshot_to_raw: round(snapshotRate / raw, 3),
        steady_rate_rows_per_s: RATE,
        lag_ms: { p50: percentile(lat, 50), p99: percentile(lat, 99), rows: lat.length },
        load_average: (await import('node:os')).loadavg().map((l) => round(l, 2)),
      },
      null,
      2,
    ) + '\n',
  );
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });
