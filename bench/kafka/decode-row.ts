// What the Kafka worker spends reading one produced row (`tally.row.v2`): decodeRow, which parses the
// row and checks it column by column (src/ingest/pipeline/encode-row.ts), against JSON.parse of
// the same text alone, the floor any check sits on. Rows as the ingest pipeline writes them (the
// benchmark events). Best of five rounds, µs per row.
//
//   node bench/kafka/decode-row.ts [--rows 100000]

import { parseArgs } from 'node:util';
import { createIngestPipeline, decodeRow } from '../../src/ingest/index.ts';
import { benchEvent } from '../lib/events.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const ROWS = Number(values.rows);
const validate = createIngestPipeline();
const rows: string[] = [];
for (let i = 0; i < ROWS; i++) {
  const r = validate(benchEvent(i, 'bench', Date.parse('2026-10-01T00:00:00Z'), 30 * 86_400_000), { receivedAtMs: Date.now() });
  if (r.ok) rows.push(r.event.row);
}
const now = Date.now();
const best = { json_parse_us: Number.POSITIVE_INFINITY, decode_row_us: Number.POSITIVE_INFINITY };
for (let round = 0; round < 5; round++) {
  let t = performance.now();
  let n = 0;
  for (const r of rows) n += (JSON.parse(r) as { app_id: string }).app_id.length;
  best.json_parse_us = Math.min(best.json_parse_us, ((performance.now() - t) * 1000) / rows.length);
  t = performance.now();
  for (const r of rows) if (decodeRow(r, now).ok) n++;
  best.decode_row_us = Math.min(best.decode_row_us, ((performance.now() - t) * 1000) / rows.length);
  if (n < rows.length) throw new Error('rows refused');
}
const round2 = (x: number) => Math.round(x * 100) / 100;
process.stdout.write(`${JSON.stringify({ rows: rows.length, json_parse_us: round2(best.json_parse_us), decode_row_us: round2(best.decode_row_us), checks_us: round2(best.decode_row_us - best.json_parse_us) }, null, 2)}\n`);
