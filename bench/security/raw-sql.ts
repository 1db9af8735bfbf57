// What tenant scoping costs raw SQL. On the same events (3 apps), each question runs three ways:
//   engine best   hand-written SQL naming the app in WHERE, on the engine directly;
//   filter only   the previous scoping: the caller's SQL with additional_table_filters alone
//                 (fast, but lets the caller's expressions see other apps' rows: the error oracle);
//   Tally         POST /v1/query's runner: scoped subqueries, predicate moves off, outer LIMIT.
// Prints p50 per question and the ratio Tally / engine best.
//
//   node bench/security/raw-sql.ts [--events 1000000] [--runs 9]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRawQueryRunner, loadSqlPolicy } from '../../src/query/raw/index.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { loadDataset } from '../query/load.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '9' } } });
const events = Number(values.events);
const runs = Number(values.runs);
const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-rawsql-'));
const store = openStore({ kind: 'embedded' }, dir);
await migrate(store);
const endMs = Date.UTC(2026, 10, 1);
for (const [i, appId] of ['shop', 'other', 'third'].entries()) {
  await loadDataset(store, { appId, events: Math.round(events / 3), users: Math.round(events / 60), days: 30, endMs, seed: 7 + i }, { batch: 100_000, postgres: false }, () => {});
}
await store.command('OPTIMIZE TABLE events FINAL');
const policy = await loadSqlPolicy(store);
const limits = { timeoutMs: 60_000, maxResultRows: 10_000, maxMemoryBytes: 4 * 1024 ** 3, maxRowsToRead: 1e12, maxConcurrent: 1 };
const runner = createRawQueryRunner(store, policy, limits);

const questions: Array<[string, string]> = [
  ['count by event', 'SELECT event_name, count() AS n FROM events GROUP BY event_name ORDER BY n DESC'],
  ['distinct users of one event', "SELECT uniqExact(user_id) AS u FROM events WHERE event_name = 'page_view'"],
  ['property breakdown', "SELECT JSONExtractString(properties, 'page') AS page, count() AS n FROM events WHERE event_name = 'page_view' GROUP BY page ORDER BY n DESC LIMIT 10"],
  ['daily revenue', "SELECT toDate(timestamp) AS d, sum(JSONExtractFloat(properties, 'revenue')) AS r FROM events WHERE event_name = 'purchase' GROUP BY d ORDER BY d"],
];

async function p50(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(`raw SQL scoping, ${events} events in 3 apps, p50 of ${runs} runs (ms)`);
console.log('question | engine best | filter only | Tally | Tally / best');
for (const [name, sql] of questions) {
  const best = await p50(() => store.query(sql.replace(/ FROM events( WHERE)?/, (_m, where) => ` FROM events WHERE app_id = 'shop'${where ? ' AND' : ''}`)));
  const filterOnly = await p50(() => store.query(`${sql} SETTINGS additional_table_filters = {'events': 'app_id IN (\\'shop\\')'}, readonly = 1`));
  const tally = await p50(() => runner.run(sql, ['shop']));
  console.log(`${name} | ${best.toFixed(1)} | ${filterOnly.toFixed(1)} | ${tally.toFixed(1)} | ${(tally / best).toFixed(2)}`);
}
await runner.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
