// Two ways to hand the embedded engine the same JSONEachRow rows: inline in the statement
// (`INSERT … FORMAT JSONEachRow` with the rows after it, chDB's raw insert) or as a file
// (`INSERT … SELECT * FROM file(…)`, what the store does, src/store/embedded.ts). Same rows as
// Tally stores (the ingest pipeline's output), into an engine-less table (parsing only) and into
// `events` with every migration (parts, projection, views). Reports rows/s and the process's CPU
// per row (user + system, all engine threads), best of three rounds. Decides the insert path.
//
//   node bench/storage/insert-path.ts [--rows 200000]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from 'chdb';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { benchEvent } from '../lib/events.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const ROWS = Number(values.rows);
const BATCH = 50_000;
const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-insert-path-'));
const store = openStore({ kind: 'embedded' }, dir);
await migrate(store);
await store.command('ALTER TABLE events MODIFY SETTING fsync_after_insert = 0, fsync_part_directory = 0');
await store.close();

const validate = createIngestPipeline();
const batches: Buffer[] = [];
const files: string[] = [];
const start = Date.parse('2026-10-01T00:00:00Z');
for (let i = 0; i < ROWS; i += BATCH) {
  const lines: string[] = [];
  for (let j = i; j < Math.min(ROWS, i + BATCH); j++) {
    const r = validate(benchEvent(j, 'bench', start, 30 * 86_400_000), { receivedAtMs: Date.now() });
    if (r.ok) lines.push(r.event.row);
  }
  batches.push(Buffer.from(lines.join('\n') + '\n'));
  files.push(path.join(dir, `batch-${files.length}.jsonl`));
  writeFileSync(files[files.length - 1], batches[batches.length - 1]);
}

const session = new Session(path.join(dir, 'clickhouse'));
session.query('CREATE TABLE parse_only AS events ENGINE = Null');

async function measure(run: () => Promise<void>): Promise<{ rows_per_s: number; cpu_us_per_row: number }> {
  let best = { rows_per_s: 0, cpu_us_per_row: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 3; round++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const perRow = (cpu.user + cpu.system) / ROWS;
    if (perRow < best.cpu_us_per_row) best = { rows_per_s: Math.round(ROWS / seconds), cpu_us_per_row: Math.round(perRow * 10) / 10 };
  }
  return best;
}

const inline = (table: string) => async () => {
  for (const b of batches) await session.insert({ table, values: b, format: 'JSONEachRow' });
};
const file = (table: string) => async () => {
  for (const f of files) await session.queryAsync(`INSERT INTO ${table} SELECT * FROM file('${f}', JSONEachRow)`);
};
const result = {
  rows: ROWS,
  batch: BATCH,
  parse_only: { inline: await measure(inline('parse_only')), file: await measure(file('parse_only')) },
  events: { inline: await measure(inline('events')), file: await measure(file('events')) },
  cores: cpus().length,
  load_average: loadavg().map((l) => Math.round(l * 100) / 100),
};
const stored = Number(session.query('SELECT count() FROM events').trim());
if (stored !== ROWS * 6) throw new Error(`events holds ${stored} rows, expected ${ROWS * 6}`);
session.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
