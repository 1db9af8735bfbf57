// The `properties` column as String (JSON text) or as the engine's JSON type, on the same 1M
// events: insert rate, a property breakdown, a property sum, size on disk. Decides docs/storage.md.
//
//   node bench/storage/properties-column.ts

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-props-'));
const conn = openStore({ kind: 'embedded' }, dir);
for (const [name, type] of [['props_string', 'String'], ['props_json', 'JSON']]) {
  await conn.command(`CREATE TABLE ${name} (app_id LowCardinality(String), event_name LowCardinality(String), user_id String, timestamp DateTime64(3,'UTC'), properties ${type}) ENGINE = MergeTree ORDER BY (app_id, event_name, toDate(timestamp), user_id, timestamp)`);
}
const N = 1_000_000, B = 50_000;
const names = ['page_view', 'page_view', 'page_view', 'search', 'add_to_cart', 'purchase'];
const batches: Buffer[] = [];
const jsonBatches: Buffer[] = [];
for (let i = 0; i < N; i += B) {
  const lines: string[] = [];
  const jlines: string[] = [];
  for (let j = i; j < i + B; j++) {
    const props = { page: `/p/${j % 50}`, variant: j % 2 ? 'A' : 'B', revenue: names[j % 6] === 'purchase' ? (j % 90) + 0.99 : undefined, results_count: j % 40 };
    lines.push(JSON.stringify({ app_id: 'a', event_name: names[j % 6], user_id: `u_${j % 100000}`, timestamp: 1759276800000 + j * 2000, properties: JSON.stringify(props) }));
    jlines.push(JSON.stringify({ app_id: 'a', event_name: names[j % 6], user_id: `u_${j % 100000}`, timestamp: 1759276800000 + j * 2000, properties: props }));
  }
  batches.push(Buffer.from(lines.join('\n') + '\n'));
  jsonBatches.push(Buffer.from(jlines.join('\n') + '\n'));
}
for (const t of ['props_string', 'props_json']) {
  const s = performance.now();
  for (const b of t === 'props_json' ? jsonBatches : batches) await conn.insertJsonEachRow(t, b);
  console.log(t, 'insert events/s', Math.round(N / ((performance.now() - s) / 1000)));
}
await conn.command('OPTIMIZE TABLE props_string FINAL'); await conn.command('OPTIMIZE TABLE props_json FINAL');
const qs: Array<[string, string]> = [
  ['string breakdown', `SELECT JSONExtractString(properties, 'page') AS p, count() FROM props_string WHERE app_id = 'a' AND event_name = 'page_view' GROUP BY p ORDER BY 2 DESC LIMIT 10`],
  ['json breakdown', `SELECT properties.page::String AS p, count() FROM props_json WHERE app_id = 'a' AND event_name = 'page_view' GROUP BY p ORDER BY 2 DESC LIMIT 10`],
  ['string sum revenue', `SELECT sum(JSONExtractFloat(properties, 'revenue')) FROM props_string WHERE app_id = 'a' AND event_name = 'purchase'`],
  ['json sum revenue', `SELECT sum(properties.revenue::Nullable(Float64)) FROM props_json WHERE app_id = 'a' AND event_name = 'purchase'`],
];
for (const [name, sql] of qs) {
  const ts: number[] = [];
  for (let k = 0; k < 7; k++) { const s = performance.now(); await conn.query(sql); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b);
  console.log(name, 'p50 ms', ts[3].toFixed(1));
}
console.log(await conn.query(`SELECT table, formatReadableSize(sum(data_compressed_bytes)) AS size FROM system.parts WHERE active AND table LIKE 'props_%' GROUP BY table`));
await conn.close();
rmSync(dir, { recursive: true, force: true });
