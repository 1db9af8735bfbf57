// The embedded transport's lanes: statements never see another statement's leftovers, inserts do
// not queue behind queries, and queries stop at their time limit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEmbeddedConnection } from '../../src/store/embedded.ts';
import { StoreError, type StoreConnection } from '../../src/store/index.ts';
import { tempDir, testEngine } from '../helpers/tally.ts';

/** 400,000 rows in 8 parts: results stream in many blocks */
async function manyParts(conn: StoreConnection): Promise<void> {
  await conn.command('CREATE TABLE t (a UInt64, s String) ENGINE = MergeTree ORDER BY a');
  for (let p = 0; p < 8; p++) await conn.command(`INSERT INTO t SELECT number, repeat(toString(number), 20) FROM numbers(${p * 50_000}, 50_000)`);
}

test('a statement after one that failed mid-result gets its own answer, never the failed one\'s rows', async (t) => {
  const conn = testEngine(t, { querySessions: 1 });
  await manyParts(conn);
  // each of these fails after the first blocks of its result were produced
  const failing = [
    'SELECT a, intDiv(1, a - 390000) AS boom FROM t SETTINGS max_threads = 1',
    "SELECT * FROM t SETTINGS max_result_rows = 10000, result_overflow_mode = 'throw'",
    "SELECT a, toUInt8(if(a > 390000, 'x', '1')) AS c FROM t SETTINGS max_threads = 1",
  ];
  for (let round = 0; round < 5; round++) {
    for (const sql of failing) {
      await assert.rejects(conn.query(sql), StoreError, sql);
      assert.deepEqual(await conn.query('SELECT 42 AS x'), [{ x: 42 }], `after: ${sql}`);
    }
  }
});

test('queries in flight on all query lanes do not delay an insert', async (t) => {
  const conn = testEngine(t, { querySessions: 1 });
  await conn.command('CREATE TABLE e (n UInt64) ENGINE = MergeTree ORDER BY n');
  const started = performance.now();
  const slow = conn.query('SELECT sum(cityHash64(number)) AS h FROM numbers(300000000) SETTINGS max_threads = 1');
  let slowDoneMs = 0;
  slow.then(() => (slowDoneMs = performance.now() - started), () => {});
  await new Promise((r) => setTimeout(r, 50));
  await conn.insertJsonEachRow('e', Buffer.from('{"n":1}\n{"n":2}\n'));
  const insertMs = performance.now() - started;
  assert.deepEqual(await conn.lane('ingest').query('SELECT count() AS c FROM e'), [{ c: 2 }]);
  await slow;
  assert.ok(insertMs < slowDoneMs, `the insert (${insertMs.toFixed(0)} ms) waited for the query (${slowDoneMs.toFixed(0)} ms)`);
});

test("the ingest connection's lookups run beside its inserts, not behind them", async (t) => {
  const conn = testEngine(t, { querySessions: 1 });
  await conn.command('CREATE TABLE e (n UInt64) ENGINE = MergeTree ORDER BY n');
  const ingest = conn.lane('ingest');
  const started = performance.now();
  // a slow lookup on the ingest connection (as the batcher's next flush looks up its ids)
  const slow = ingest.query('SELECT sum(cityHash64(number)) AS h FROM numbers(300000000) SETTINGS max_threads = 1');
  let slowDoneMs = 0;
  slow.then(() => (slowDoneMs = performance.now() - started), () => {});
  await new Promise((r) => setTimeout(r, 50));
  await ingest.insertJsonEachRow('e', Buffer.from('{"n":1}\n'));
  const insertMs = performance.now() - started;
  await slow;
  assert.ok(insertMs < slowDoneMs, `the insert (${insertMs.toFixed(0)} ms) waited for the lookup (${slowDoneMs.toFixed(0)} ms)`);
  assert.deepEqual(await ingest.query('SELECT count() AS c FROM e'), [{ c: 1 }], 'a lookup sees what the insert lane wrote');
});

test('a query that names no limit is stopped at the lane default; commands are not', async (t) => {
  const conn = testEngine(t, { defaultQueryTimeoutMs: 200 });
  const started = performance.now();
  await assert.rejects(conn.query('SELECT count() AS c FROM numbers(100000000000)'), (err: unknown) => err instanceof StoreError && err.engineCode === 159);
  assert.ok(performance.now() - started < 3000);
  // its own limit wins over the default
  await assert.rejects(conn.query('SELECT count() AS c FROM numbers(100000000000)', {}, { timeoutMs: 100 }), (err: unknown) => err instanceof StoreError && err.engineCode === 159);
  assert.deepEqual(await conn.query('SELECT 1 AS ok'), [{ ok: 1 }]);
});

test('an isolated lane fails alone and closes alone', async (t) => {
  const conn = testEngine(t, { querySessions: 1 });
  await manyParts(conn);
  const isolated = conn.lane('isolated');
  await assert.rejects(isolated.query('SELECT a, intDiv(1, a - 390000) AS boom FROM t SETTINGS max_threads = 1'));
  assert.deepEqual(await conn.query('SELECT 7 AS x'), [{ x: 7 }]);
  assert.deepEqual(await isolated.query('SELECT 8 AS x'), [{ x: 8 }]);
  await isolated.close();
  await assert.rejects(isolated.query('SELECT 1'), StoreError);
  assert.deepEqual(await conn.query('SELECT count() AS c FROM t'), [{ c: 400_000 }]);
});

test('inserts through the spool file keep the direct insert\'s meaning and leave no file behind', async (t) => {
  const dir = tempDir();
  const conn = createEmbeddedConnection(dir);
  t.after(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await conn.command("CREATE TABLE d (a String, b String DEFAULT '{}', c LowCardinality(String), n Nullable(Int32), m String MATERIALIZED upper(a)) ENGINE = MergeTree ORDER BY a");
  // columns left out take their defaults; unknown keys are skipped; materialized columns are computed
  const result = await conn.insertJsonEachRow('d', Buffer.from('{"a":"x","c":"y"}\n{"a":"z","c":"w","n":7,"unknown":1}\n'));
  assert.equal(result.rowsWritten, 2);
  assert.deepEqual(await conn.query('SELECT a, b, c, n, m FROM d ORDER BY a'), [
    { a: 'x', b: '{}', c: 'y', n: null, m: 'X' },
    { a: 'z', b: '{}', c: 'w', n: 7, m: 'Z' },
  ]);
  // a row the engine cannot parse refuses the whole insert, with the engine's code
  await assert.rejects(conn.insertJsonEachRow('d', Buffer.from('{"a":"q","c":"y"}\n{"a":"r","c":"y","n":"not a number"}\n')), (err: unknown) => err instanceof StoreError && err.engineCode === 27);
  assert.deepEqual(await conn.query('SELECT count() AS c FROM d'), [{ c: 2 }]);
  await assert.rejects(conn.insertJsonEachRow('d; DROP TABLE d', Buffer.from('{"a":"x"}\n')), StoreError);
  assert.deepEqual(readdirSync(path.join(dir, 'user_files', 'insert-spool')), []);
});

test('a list read as a table comes back value for value, through a file or (isolated lanes) a parameter, and leaves no file behind', async (t) => {
  const dir = tempDir();
  const conn = createEmbeddedConnection(dir);
  t.after(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const awkward = ['plain', 'tab\there', 'line\nbreak', 'back\\slash', 'return\r', "quote ' and \"", '\\N', 'ünïcode ✓', '', '\\t'];
  const uuids = ['6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b', '00000000-0000-0000-0000-000000000000'];
  const read = (c: StoreConnection) => c.queryWithValues<{ v: string[] }>({ type: 'String', values: awkward }, (list) => `SELECT groupArray(value) AS v FROM ${list}`);
  const isolated = conn.lane('isolated');
  t.after(() => isolated.close());
  for (const c of [conn, conn.lane('ingest'), isolated]) {
    assert.deepEqual((await read(c))[0].v, awkward);
    assert.deepEqual(await c.queryWithValues({ type: 'UUID', values: uuids }, (list) => `SELECT toString(value) AS id FROM ${list} WHERE value IN {keep:Array(UUID)}`, { keep: [uuids[1]] }), [{ id: uuids[1] }]);
    assert.deepEqual(await c.queryWithValues({ type: 'UUID', values: [] }, (list) => `SELECT count() AS n FROM ${list}`), [{ n: 0 }]);
    // a value the type refuses fails the statement
    await assert.rejects(c.queryWithValues({ type: 'UUID', values: ['not-a-uuid'] }, (list) => `SELECT groupArray(toString(value)) AS v FROM ${list}`), StoreError);
  }
  assert.deepEqual(readdirSync(path.join(dir, 'user_files', 'insert-spool')), []);
});

test('a spool left by an earlier process is emptied at open; a data directory whose path file() would read as a glob inserts inline', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spool = path.join(dir, 'user_files', 'insert-spool');
  mkdirSync(spool, { recursive: true });
  writeFileSync(path.join(spool, '1-1.jsonl'), '{"n":1}\n');
  const conn = createEmbeddedConnection(dir);
  assert.deepEqual(readdirSync(spool), []);
  await conn.close();

  const globbed = path.join(tempDir(), 'data{1,2}');
  t.after(() => rmSync(path.dirname(globbed), { recursive: true, force: true }));
  const inline = createEmbeddedConnection(globbed);
  t.after(() => inline.close());
  await inline.command('CREATE TABLE e (n UInt64) ENGINE = MergeTree ORDER BY n');
  await inline.insertJsonEachRow('e', Buffer.from('{"n":1}\n{"n":2}\n'));
  assert.deepEqual(await inline.query('SELECT count() AS c FROM e'), [{ c: 2 }]);
});

test('closing waits for the statements already running, and refuses new ones', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const conn = createEmbeddedConnection(dir);
  await conn.command('CREATE TABLE c (n UInt64) ENGINE = MergeTree ORDER BY n');
  const rows = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `{"n":${i}}`).join('\n') + '\n');
  const insert = conn.insertJsonEachRow('c', rows);
  const query = conn.query<{ h: string }>('SELECT sum(cityHash64(number)) AS h FROM numbers(30000000) SETTINGS max_threads = 1');
  await new Promise((r) => setTimeout(r, 20));
  const closed = conn.close();
  await assert.rejects(conn.query('SELECT 1'), StoreError);
  // both finish on their sessions; neither is cut off by the close
  await insert;
  assert.equal((await query).length, 1);
  await closed;
  const again = createEmbeddedConnection(dir);
  t.after(() => again.close());
  assert.deepEqual(await again.query('SELECT count() AS c FROM c'), [{ c: 200_000 }]);
});
