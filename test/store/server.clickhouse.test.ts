// Smoke test of the server transport against a real ClickHouse server: `bash scripts/clickhouse/start.sh`
// (Debian's clickhouse-server, 18.16 here) at CLICKHOUSE_URL. It fails, rather than skips, when no
// server answers. The full query suite runs on chDB: Tally's schema needs a current ClickHouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { isClientSideStoreError, StoreError } from '../../src/store/index.ts';
import { createServerConnection } from '../../src/store/server.ts';

const URL_ = process.env.CLICKHOUSE_URL ?? 'http://default:tally-dev@127.0.0.1:18123';
const password = decodeURIComponent(new URL(URL_).password);

function withPassword(pw: string): string {
  const u = new URL(URL_);
  u.password = pw;
  return u.toString();
}

test('connects and authenticates with the right password', async (t) => {
  const conn = createServerConnection({ url: URL_ });
  t.after(() => conn.close());
  let rows: Array<{ version: string; one: number }>;
  try {
    rows = await conn.query('SELECT version() AS version, toUInt64(1) AS one');
  } catch (cause) {
    throw new Error(`no ClickHouse server answers at ${new URL(URL_).host}: start one with \`bash scripts/clickhouse/start.sh\` (or set CLICKHOUSE_URL)`, { cause });
  }
  assert.match(rows[0].version, /^\d+\.\d+/);
  assert.equal(rows[0].one, 1, '64-bit integers come back as numbers');
});

test('a wrong password is a StoreError with the engine code, and the password is not in it', async (t) => {
  const wrong = `wrong-${randomUUID()}`;
  const conn = createServerConnection({ url: withPassword(wrong) });
  t.after(() => conn.close());
  await assert.rejects(conn.query('SELECT 1 AS x'), (err: unknown) => {
    assert.ok(err instanceof StoreError);
    // 193 WRONG_PASSWORD (old servers), 516 AUTHENTICATION_FAILED (current ones)
    assert.ok(err.engineCode === 193 || err.engineCode === 516, `engine code ${err.engineCode}: ${err.message}`);
    assert.match(err.message, /password|Authentication failed/i);
    assert.ok(!err.message.includes(wrong) && (password === '' || !err.message.includes(password)));
    assert.equal(isClientSideStoreError(err), false);
    return true;
  });
});

test('engine errors keep their code and tell query mistakes from engine trouble', async (t) => {
  const conn = createServerConnection({ url: URL_ });
  t.after(() => conn.close());
  await assert.rejects(conn.query('SELECT no_such_column FROM system.one'), (err: unknown) => {
    assert.ok(err instanceof StoreError);
    assert.equal(err.engineCode, 47, err.message); // UNKNOWN_IDENTIFIER
    assert.ok(isClientSideStoreError(err));
    assert.doesNotMatch(err.message, /e\.what\(\)|e\.displayText/);
    return true;
  });
  await assert.rejects(conn.query(`SELECT 1 FROM no_such_table_${randomUUID().slice(0, 8)}`), (err: unknown) => err instanceof StoreError && err.engineCode === 60);
  await assert.rejects(conn.command('SELEKT 1'), (err: unknown) => err instanceof StoreError && err.engineCode === 62); // SYNTAX_ERROR
});

test('insert (compressed) and select on a simple table', async (t) => {
  const conn = createServerConnection({ url: URL_ });
  const table = `tally_smoke_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  t.after(async () => {
    await conn.command(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await conn.close();
  });
  await conn.command(`CREATE TABLE IF NOT EXISTS ${table} (id UInt64, name String, at DateTime) ENGINE = MergeTree ORDER BY id`);
  const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: i, name: `n${i % 97}`, at: '2026-10-01 12:00:00' }));
  await conn.insertJsonEachRow(table, Buffer.from(lines.join('\n') + '\n'));
  const [agg] = await conn.query<{ n: number; names: number; total: number }>(`SELECT count() AS n, uniqExact(name) AS names, sum(id) AS total FROM ${table}`);
  assert.deepEqual(agg, { n: 20_000, names: 97, total: (19_999 * 20_000) / 2 });
  const rows = await conn.query<{ id: number; name: string }>(`SELECT id, name FROM ${table} WHERE id IN (3, 98) ORDER BY id`);
  assert.deepEqual(rows, [{ id: 3, name: 'n3' }, { id: 98, name: 'n1' }]);
  // a bad row is refused as data (a client-side error), nothing half-written
  await assert.rejects(conn.insertJsonEachRow(table, Buffer.from('{"id":"not a number","name":"x"}\n')), (err: unknown) => err instanceof StoreError && isClientSideStoreError(err));
});

test('bound parameters work where the server binds them, and are refused clearly where it does not', async (t) => {
  const conn = createServerConnection({ url: URL_ });
  t.after(() => conn.close());
  const [{ version }] = await conn.query<{ version: string }>('SELECT version() AS version');
  const major = Number(version.split('.')[0]);
  if (major >= 20) {
    assert.deepEqual(await conn.query('SELECT {x:UInt32} + 1 AS y', { x: 41 }), [{ y: 42 }]);
  } else {
    await assert.rejects(conn.query('SELECT {x:UInt32} + 1 AS y', { x: 41 }), new RegExp(`ClickHouse ${version.replace(/\./g, '\\.')} does not bind query parameters`));
  }
});

test('a query timeout aborts the request; an unreachable server fails after the read retries', async (t) => {
  const conn = createServerConnection({ url: URL_ });
  t.after(() => conn.close());
  const started = Date.now();
  await assert.rejects(conn.query('SELECT sleep(3) AS s', {}, { timeoutMs: 500 }), StoreError);
  assert.ok(Date.now() - started < 2_900, `gave up after ${Date.now() - started} ms`);
  const down = createServerConnection({ url: 'http://default:x@127.0.0.1:1', readRetries: 2, retryDelayMs: 100 });
  t.after(() => down.close());
  const t0 = Date.now();
  await assert.rejects(down.query('SELECT 1'), (err: unknown) => err instanceof StoreError && err.engineCode === undefined && /ECONNREFUSED/.test(err.message));
  assert.ok(Date.now() - t0 >= 300, 'two retries with 100 ms and 200 ms backoff');
});
