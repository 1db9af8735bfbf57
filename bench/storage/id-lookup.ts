// The batcher's and the ingest log's lookup of stored ids (src/ingest/stored-ids.ts), two ways: the
// ids bound as one array parameter (what an isolated lane, with no spool file, and a ClickHouse
// server do) and read from a file (the embedded store's lanes). Same store, same ids, each way
// alternated; milliseconds a lookup of --ids random ids, median of --runs, on an empty `events` and
// after --rows stored events in parts of 20,000.
//
//   node bench/storage/id-lookup.ts [--ids 20000] [--rows 300000] [--runs 7]

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { storedEventKeys } from '../../src/ingest/stored-ids.ts';
import { migrate, openStore, type StoreConnection } from '../../src/store/index.ts';
import { benchEvent, percentile } from '../lib/events.ts';

const { values } = parseArgs({ options: { ids: { type: 'string', default: '20000' }, rows: { type: 'string', default: '300000' }, runs: { type: 'string', default: '7' } } });
const IDS = Number(values.ids);
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const START = Date.parse('2026-10-01T00:00:00Z');

const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-id-lookup-'));
const store = openStore({ kind: 'embedded' }, dir);
await migrate(store);
const isolated = store.lane('isolated');

async function lookupMs(conn: StoreConnection): Promise<number> {
  const ids = Array.from({ length: IDS }, () => randomUUID());
  const t0 = performance.now();
  const found = await storedEventKeys(conn, 'events', ids);
  if (found.size !== 0) throw new Error('a random id was found');
  return performance.now() - t0;
}

async function measure(): Promise<{ parameter_ms: number; file_ms: number }> {
  const parameter: number[] = [];
  const file: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    parameter.push(await lookupMs(isolated));
    file.push(await lookupMs(store));
  }
  const median = (xs: number[]) => Math.round(percentile(xs.sort((a, b) => a - b), 50) * 10) / 10;
  return { parameter_ms: median(parameter), file_ms: median(file) };
}

const empty = await measure();
const validate = createIngestPipeline();
for (let i = 0; i < ROWS; i += 20_000) {
  const lines: string[] = [];
  for (let j = i; j < Math.min(ROWS, i + 20_000); j++) {
    const r = validate(benchEvent(j, 'bench', START, 30 * 86_400_000), { receivedAtMs: Date.now() });
    if (r.ok) lines.push(r.event.row);
  }
  await store.insertJsonEachRow('events', Buffer.from(`${lines.join('\n')}\n`));
}
const filled = await measure();
await isolated.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ids: IDS, runs: RUNS, empty, [`after_${ROWS}_rows`]: filled, load_average: loadavg().map((l) => Math.round(l * 100) / 100) }, null, 2)}\n`);
