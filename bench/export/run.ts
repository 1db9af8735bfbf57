// Export benchmark: rows/s from the store to each sink, against the engine's own
// `INSERT INTO FUNCTION file(…) SELECT … FORMAT Parquet` of the same rows, in one run:
//   1. raw engine: the export SELECT of every row written to one local Parquet file (the ceiling);
//   2. Parquet sink: POST /v1/sinks/{id}/sync until caught up (batches staged, renamed, counted back);
//   3. S3 sink (when an S3 server answers at --s3, e.g. `bash scripts/seaweedfs/start.sh`): the same
//      to a fresh bucket; also the raw engine's own s3() write for the ratio;
//   4. PostgreSQL sink (when PostgreSQL answers at --pg, e.g. `npm run pg:start`): COPY into the
//      daily-partitioned warehouse table of a fresh database, upsert by event_id.
// Prints JSON: rows/s of each and its ratio to the raw engine.
//
//   node bench/export/run.ts [--events 1000000] [--batch 100000] [--s3 http://127.0.0.1:18333] [--pg postgres://postgres@127.0.0.1:55432]

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { batchSelect, CURSOR_START } from '../../src/sinks/export-rows.ts';
import { createDatabase } from '../../test/sources/pg.ts';
import { benchEvent } from '../lib/events.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    s3: { type: 'string', default: 'http://127.0.0.1:18333' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:55432' },
  },
});
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const cleanups: Array<() => unknown> = [];
const hooks = { after: (fn: () => unknown) => cleanups.push(fn) };

async function load(tally: Tally): Promise<void> {
  const pipeline = createIngestPipeline();
  const start = Date.parse('2026-10-01T00:00:00Z');
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length) await tally.store.insertJsonEachRow('events', Buffer.from(lines.join('\n') + '\n'));
    lines = [];
  };
  for (let i = 0; i < EVENTS; i++) {
    const r = pipeline(benchEvent(i, 'bench', start, 7 * 86_400_000), { receivedAtMs: start + 8 * 86_400_000 });
    if (!r.ok) throw new Error(`bench event refused: ${r.code}`);
    lines.push(r.event.row);
    if (lines.length === 100_000) await flush();
  }
  await flush();
}

async function timedSync(tally: Tally, body: Record<string, unknown>): Promise<{ seconds: number; rows: number; batches: number; bytes: number }> {
  const created = await tally.app.inject({ method: 'POST', url: '/v1/sinks', headers: { authorization: `Bearer ${TOKEN}` }, payload: { app_id: 'bench', batch_rows: BATCH, ...body } });
  if (created.statusCode !== 201) throw new Error(`create sink: ${created.body}`);
  const sinkId = created.json().sink_id as string;
  const t0 = performance.now();
  let rows = 0;
  let batches = 0;
  let bytes = 0;
  for (;;) {
    const res = await tally.app.inject({ method: 'POST', url: `/v1/sinks/${sinkId}/sync`, headers: { authorization: `Bearer ${TOKEN}` } });
    const answer = res.json() as { batches: Array<{ status: string; rows: number; bytes: number; error: string }> };
    const failed = answer.batches.find((b) => b.status !== 'succeeded');
    if (failed) throw new Error(`sync failed: ${failed.error}`);
    if (answer.batches.length === 0) break;
    batches += answer.batches.length;
    rows += answer.batches.reduce((n, b) => n + b.rows, 0);
    bytes += answer.batches.reduce((n, b) => n + b.bytes, 0);
  }
  return { seconds: (performance.now() - t0) / 1000, rows, batches, bytes };
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tally-bench-export-'));
  const out = mkdtempSync(path.join(tmpdir(), 'tally-bench-export-out-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => rmSync(out, { recursive: true, force: true }));
  const config = loadConfig({
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: TOKEN,
    TALLY_FSYNC: 'false',
    TALLY_LOG_LEVEL: 'silent',
    TALLY_RETENTION: '',
    TALLY_RETENTION_DEFAULT: 'forever',
    TALLY_JOBS_SCHEDULER: 'off',
    TALLY_SINKS_SETTLE_MS: '0',
    TALLY_SINKS_BATCH_ROWS: '1000000',
    TALLY_SINKS_MAX_BATCHES_PER_SYNC: '1000',
  });
  const tally = await startTally(config, { listen: false, logger: pino({ level: 'silent' }) });
  cleanups.push(() => tally.close());
  await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${TOKEN}` }, payload: { app_id: 'bench' } });
  const l0 = performance.now();
  await load(tally);
  const loadSeconds = (performance.now() - l0) / 1000;
  const columns = new Set((await tally.store.query<{ name: string }>("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events'")).map((r) => r.name));
  const everything = { app: 'bench', fromT: CURSOR_START.storedAt, fromId: CURSOR_START.eventId, toT: '2100-01-01 00:00:00.000', toId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };

  // the best of two runs: the first also warms the engine's caches
  let rawSeconds = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2; run++) {
    const r0 = performance.now();
    await tally.store.command(`INSERT INTO FUNCTION file({f:String}, 'Parquet') ${batchSelect(columns)} SETTINGS engine_file_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd'`, { ...everything, f: `${out}/raw.parquet` });
    rawSeconds = Math.min(rawSeconds, (performance.now() - r0) / 1000);
  }
  const rawRate = EVENTS / rawSeconds;
  const result: Record<string, unknown> = { events: EVENTS, batch_rows: BATCH, load_seconds: round(loadSeconds, 1), loadavg: loadavg().map((x) => round(x, 2)), raw_parquet: { seconds: round(rawSeconds, 2), rows_per_s: round(rawRate) } };

  const parquet = await timedSync(tally, { kind: 'parquet', path: `${out}/sink` });
  result.parquet_sink = { ...parquet, seconds: round(parquet.seconds, 2), rows_per_s: round(parquet.rows / parquet.seconds), ratio_to_raw: round(parquet.rows / parquet.seconds / rawRate, 2) };

  if (await reachable(values.s3)) {
    const bucket = `bench-${Date.now().toString(36)}`;
    await fetch(`${values.s3}/${bucket}`, { method: 'PUT' });
    const s0 = performance.now();
    await tally.store.command(`INSERT INTO FUNCTION s3({u:String}, NOSIGN, 'Parquet') ${batchSelect(columns)} SETTINGS s3_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd'`, { ...everything, u: `${values.s3}/${bucket}/raw/raw.parquet` });
    const rawS3 = EVENTS / ((performance.now() - s0) / 1000);
    const s3 = await timedSync(tally, { kind: 's3', endpoint: values.s3, bucket, prefix: 'sink' });
    result.raw_s3 = { rows_per_s: round(rawS3) };
    result.s3_sink = { ...s3, seconds: round(s3.seconds, 2), rows_per_s: round(s3.rows / s3.seconds), ratio_to_raw_parquet: round(s3.rows / s3.seconds / rawRate, 2), ratio_to_raw_s3: round(s3.rows / s3.seconds / rawS3, 2) };
  } else result.s3_sink = `skipped: no S3 server at ${values.s3}`;

  const db = await createDatabase(hooks, values.pg).catch(() => undefined);
  if (db) {
    const pg = await timedSync(tally, { kind: 'postgres', url: db.url, table: 'public.platform_events' });
    result.postgres_sink = { ...pg, seconds: round(pg.seconds, 2), rows_per_s: round(pg.rows / pg.seconds), ratio_to_raw: round(pg.rows / pg.seconds / rawRate, 3) };
  } else result.postgres_sink = `skipped: no PostgreSQL at ${values.pg}`;

  console.log(JSON.stringify(result, null, 2));
}

try {
  await main();
} finally {
  for (const c of cleanups.reverse()) await c();
}
