// The adversarial suite for POST /v1/query, run for real against the embedded engine holding two
// apps' data. Every attack is refused with a clear error code, and no answer carries the other
// app's data, a file's content, or the engine's own error text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

interface Attack {
  readonly category: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly code: string;
  /** the reason category in the message, when the refusal is Tally's own */
  readonly reason?: string;
  /** send with the app's write key instead of its read key */
  readonly writeKey?: boolean;
}

const q = (sql: string): Record<string, unknown> => ({ sql });
const FORBIDDEN = 'TALLY_ERR_QUERY_FORBIDDEN';
const INVALID = 'TALLY_ERR_QUERY_INVALID';
const LIMIT = 'TALLY_ERR_QUERY_LIMIT';

const ATTACKS: Attack[] = [
  // cross-tenant reads
  { category: 'cross-tenant', name: 'database-qualified table', body: q('SELECT * FROM default.events'), code: FORBIDDEN, reason: 'database' },
  { category: 'cross-tenant', name: 'quoted database-qualified table', body: q('SELECT * FROM `default`.`events`'), code: FORBIDDEN, reason: 'database' },
  { category: 'cross-tenant', name: 'double-quoted qualified table', body: q('SELECT * FROM "default"."events"'), code: FORBIDDEN, reason: 'database' },
  { category: 'cross-tenant', name: 'another app named in the body', body: { sql: 'SELECT count() FROM events', app_id: 'bravo' }, code: 'TALLY_ERR_AUTH_FORBIDDEN' },
  { category: 'cross-tenant', name: 'another app among app_ids', body: { sql: 'SELECT count() FROM events', app_ids: ['alpha', 'bravo'] }, code: 'TALLY_ERR_AUTH_FORBIDDEN' },
  { category: 'cross-tenant', name: 'metadata table apps', body: q('SELECT * FROM apps'), code: FORBIDDEN, reason: 'table' },
  { category: 'cross-tenant', name: 'key hashes', body: q('SELECT key_hash FROM api_keys'), code: FORBIDDEN, reason: 'table' },
  { category: 'cross-tenant', name: 'a table used as an IN set', body: q("SELECT ('bravo') IN apps"), code: FORBIDDEN, reason: 'table' },
  { category: 'cross-tenant', name: 'merge() over every table', body: q("SELECT * FROM merge(currentDatabase(), '^events$')"), code: FORBIDDEN },
  { category: 'cross-tenant', name: 'remote() loopback', body: q("SELECT * FROM remote('127.0.0.1', default.events)"), code: FORBIDDEN },
  { category: 'cross-tenant', name: 'view() table function', body: q('SELECT * FROM view(SELECT * FROM events)'), code: FORBIDDEN },
  { category: 'cross-tenant', name: 'the write key runs SQL', body: q('SELECT count() FROM events'), code: 'TALLY_ERR_AUTH_FORBIDDEN', writeKey: true },
  // table functions and files
  { category: 'table functions', name: 'file()', body: q("SELECT * FROM file('/etc/passwd', 'LineAsString')"), code: FORBIDDEN, reason: 'function' },
  { category: 'table functions', name: 'FILE() in capitals', body: q("SELECT * FROM FILE('/etc/passwd', 'LineAsString')"), code: FORBIDDEN },
  { category: 'table functions', name: 'file() as a quoted name', body: q("SELECT * FROM `file`('/etc/passwd', 'LineAsString')"), code: FORBIDDEN },
  { category: 'table functions', name: 'scalar file()', body: q("SELECT file('/etc/passwd')"), code: FORBIDDEN, reason: 'function' },
  { category: 'table functions', name: 'url()', body: q("SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')"), code: FORBIDDEN },
  { category: 'table functions', name: 's3()', body: q("SELECT * FROM s3('http://127.0.0.1:9/bucket/x.csv')"), code: FORBIDDEN },
  { category: 'table functions', name: 'input()', body: q("SELECT * FROM input('x String')"), code: FORBIDDEN },
  { category: 'table functions', name: 'executable()', body: q("SELECT * FROM executable('id', 'LineAsString', 'x String')"), code: FORBIDDEN },
  { category: 'table functions', name: 'generateRandom()', body: q("SELECT * FROM generateRandom('a String') LIMIT 1"), code: FORBIDDEN },
  { category: 'table functions', name: 'dictionary()', body: q("SELECT * FROM dictionary('d')"), code: FORBIDDEN },
  { category: 'table functions', name: 'dictGet', body: q("SELECT dictGet('d', 'x', toUInt64(1))"), code: FORBIDDEN, reason: 'dictionary' },
  { category: 'table functions', name: 'joinGet', body: q("SELECT joinGet('events', 'user_id', 'x')"), code: FORBIDDEN },
  { category: 'table functions', name: 'APPLY(file) over columns', body: q('SELECT * APPLY(file) FROM events'), code: FORBIDDEN, reason: 'apply' },
  // system tables and engine internals
  { category: 'system tables', name: 'system.tables', body: q('SELECT * FROM system.tables'), code: FORBIDDEN, reason: 'system_table' },
  { category: 'system tables', name: 'system.query_log', body: q('SELECT query FROM system.query_log'), code: FORBIDDEN, reason: 'system_table' },
  { category: 'system tables', name: 'information_schema', body: q('SELECT * FROM information_schema.tables'), code: FORBIDDEN },
  { category: 'system tables', name: 'INFORMATION_SCHEMA in capitals', body: q('SELECT * FROM INFORMATION_SCHEMA.COLUMNS'), code: FORBIDDEN },
  { category: 'system tables', name: 'system table as an IN set', body: q("SELECT 'events' IN system.tables"), code: FORBIDDEN, reason: 'system_table' },
  { category: 'system tables', name: 'virtual columns', body: q('SELECT _part, _partition_id FROM events'), code: FORBIDDEN, reason: 'virtual_column' },
  { category: 'system tables', name: 'settings and host functions', body: q("SELECT getSetting('additional_table_filters'), hostName(), version()"), code: FORBIDDEN, reason: 'function' },
  { category: 'system tables', name: "the server's time zone", body: q('SELECT timezone(), timeZone()'), code: FORBIDDEN, reason: 'function' },
  // comment and quoting tricks
  { category: 'comments and quoting', name: 'a second statement after a comment', body: q('SELECT 1 /* x */ ; SELECT * FROM default.events'), code: FORBIDDEN, reason: 'multiple_statements' },
  { category: 'comments and quoting', name: 'a line comment hiding nothing', body: q('SELECT user_id FROM events -- harmless\nUNION ALL SELECT user_id FROM default.events'), code: FORBIDDEN, reason: 'database' },
  { category: 'comments and quoting', name: 'a newline smuggled into an identifier', body: q('SELECT `x\n TableIdentifier events` FROM events'), code: FORBIDDEN, reason: 'malformed' },
  { category: 'comments and quoting', name: 'a comment splitting a function name', body: q("SELECT * FROM fi/**/le('/etc/passwd', 'LineAsString')"), code: INVALID },
  { category: 'comments and quoting', name: 'a NUL byte', body: q('SELECT 1\u0000; DROP TABLE events'), code: FORBIDDEN, reason: 'control_characters' },
  { category: 'comments and quoting', name: 'fullwidth letters', body: q("SELECT * FROM ｆｉｌｅ('/etc/passwd')"), code: INVALID },
  // UNION / subquery / CTE escapes
  { category: 'union, subquery, CTE', name: 'UNION into the real table', body: q('SELECT user_id FROM events UNION ALL SELECT user_id FROM default.events'), code: FORBIDDEN, reason: 'database' },
  { category: 'union, subquery, CTE', name: 'CTE over the real table', body: q('WITH x AS (SELECT * FROM default.events) SELECT * FROM x'), code: FORBIDDEN, reason: 'database' },
  { category: 'union, subquery, CTE', name: 'CTE named like a private table', body: q('WITH api_keys AS (SELECT 1) SELECT * FROM api_keys'), code: FORBIDDEN, reason: 'table' },
  { category: 'union, subquery, CTE', name: 'scalar subquery on system', body: q('SELECT (SELECT count() FROM system.tables)'), code: FORBIDDEN, reason: 'system_table' },
  { category: 'union, subquery, CTE', name: 'EXISTS subquery', body: q('SELECT count() FROM events WHERE exists(SELECT 1 FROM system.processes)'), code: FORBIDDEN, reason: 'system_table' },
  { category: 'union, subquery, CTE', name: 'INTERSECT', body: q('SELECT user_id FROM events INTERSECT SELECT user_id FROM default.events'), code: FORBIDDEN, reason: 'database' },
  { category: 'union, subquery, CTE', name: 'query parameters', body: q('SELECT {x:String}'), code: INVALID },
  // settings changes
  { category: 'settings', name: 'SETTINGS dropping the tenant filter', body: q('SELECT count() FROM events SETTINGS additional_table_filters = {}'), code: FORBIDDEN, reason: 'settings' },
  { category: 'settings', name: 'SETTINGS readonly = 0', body: q('SELECT 1 SETTINGS readonly = 0'), code: FORBIDDEN, reason: 'settings' },
  { category: 'settings', name: 'SETTINGS inside a subquery', body: q('SELECT * FROM (SELECT * FROM events SETTINGS max_execution_time = 1000)'), code: FORBIDDEN, reason: 'settings' },
  { category: 'settings', name: 'SET statement', body: q('SET readonly = 0'), code: FORBIDDEN, reason: 'not_select' },
  // DDL / DML / output
  { category: 'DDL/DML', name: 'DROP TABLE', body: q('DROP TABLE events'), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'INSERT', body: q("INSERT INTO events (app_id) VALUES ('alpha')"), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'ALTER DELETE', body: q('ALTER TABLE events DELETE WHERE 1'), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'TRUNCATE', body: q('TRUNCATE TABLE events'), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'CREATE TABLE', body: q('CREATE TABLE x (a Int8) ENGINE = Memory'), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'SYSTEM command', body: q('SYSTEM DROP MARK CACHE'), code: FORBIDDEN },
  { category: 'DDL/DML', name: 'INTO OUTFILE', body: q("SELECT * FROM events INTO OUTFILE '/tmp/tally-leak.csv'"), code: FORBIDDEN, reason: 'into_outfile' },
  { category: 'DDL/DML', name: 'FORMAT clause', body: q('SELECT 1 FORMAT JSON'), code: FORBIDDEN, reason: 'format' },
  { category: 'DDL/DML', name: 'EXPLAIN', body: q('EXPLAIN SELECT 1'), code: FORBIDDEN, reason: 'not_select' },
  { category: 'DDL/DML', name: 'SHOW TABLES', body: q('SHOW TABLES'), code: FORBIDDEN, reason: 'not_select' },
  // very expensive queries
  { category: 'expensive', name: 'a trillion rows', body: q('SELECT count() FROM numbers(1000000000000) WHERE sipHash64(number) = 0'), code: LIMIT },
  { category: 'expensive', name: 'an endless table', body: q('SELECT sum(sipHash64(number)) FROM system.numbers'), code: LIMIT },
  { category: 'expensive', name: 'a huge result', body: q('SELECT number FROM numbers(100000)'), code: LIMIT, reason: 'result rows' },
  { category: 'expensive', name: 'a cross join explosion', body: q('SELECT count() FROM numbers(100000) AS a, numbers(100000) AS b WHERE a.number * b.number = 7'), code: LIMIT },
  { category: 'expensive', name: 'memory exhaustion', body: q('SELECT groupArray(repeat(toString(number), 100)) FROM numbers(50000000)'), code: LIMIT },
  { category: 'expensive', name: 'sleep', body: q('SELECT sleep(3)'), code: FORBIDDEN, reason: 'function' },
  { category: 'expensive', name: 'parser depth', body: q(`SELECT ${'('.repeat(3000)}1${')'.repeat(3000)}`), code: INVALID },
  // malformed unicode and sizes
  { category: 'malformed input', name: 'a lone surrogate', body: q("SELECT '\ud800'"), code: FORBIDDEN, reason: 'malformed_unicode' },
  { category: 'malformed input', name: 'a reversed surrogate pair', body: q("SELECT '\udc00\ud800' FROM events"), code: FORBIDDEN, reason: 'malformed_unicode' },
  { category: 'malformed input', name: 'text longer than the limit', body: q(`SELECT '${'x'.repeat(20_001)}'`), code: 'TALLY_ERR_REQUEST_INVALID' },
  { category: 'malformed input', name: 'not a string', body: { sql: { select: 1 } }, code: 'TALLY_ERR_REQUEST_INVALID' },
  { category: 'malformed input', name: 'unknown body field', body: { sql: 'SELECT 1', settings: { readonly: 0 } }, code: 'TALLY_ERR_REQUEST_INVALID' },
];

const SECRETS = ['BRAVO_SECRET', 'bravo-user', 'root:x:0', 'DB::Exception', 'Code:', 'key_hash', 'tly_'];

test('the adversarial SQL suite: every attack is refused with a clear code and leaks nothing', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_TIMEOUT_MS: '1500', TALLY_QUERY_MAX_MEMORY_BYTES: String(128 * 1024 * 1024), TALLY_QUERY_MAX_ROWS_TO_READ: '100000000' });
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  const alphaEvents = Array.from({ length: 20 }, (_, i) => event({ app_id: 'alpha', user_id: `alpha-user-${i % 4}`, properties: { i } }));
  const bravoEvents = Array.from({ length: 20 }, (_, i) => event({ app_id: 'bravo', user_id: `bravo-user-${i}`, properties: { token: 'BRAVO_SECRET' } }));
  const r = await tally.ingest.ingest([...alphaEvents, ...bravoEvents], {});
  assert.equal(r.accepted, 40);
  assert.ok(ATTACKS.length >= 40, `${ATTACKS.length} attacks`);

  for (const attack of ATTACKS) {
    await t.test(`${attack.category}: ${attack.name}`, async () => {
      const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(attack.writeKey ? alpha.writeKey : alpha.readKey), payload: attack.body });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, attack.code, res.body.slice(0, 300));
      if (attack.reason) assert.match(body.error.message, new RegExp(`\\[${attack.reason}\\]`), body.error.message);
      for (const secret of SECRETS) assert.ok(!res.body.includes(secret), `answer leaks ${secret}: ${res.body.slice(0, 300)}`);
    });
  }

  await t.test('the server still answers and the data is intact after the suite', async () => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(alpha.readKey), payload: q('SELECT count() AS n FROM events') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().rows[0].n, 20);
    const [row] = await tally.store.query<{ n: number }>('SELECT count() AS n FROM events');
    assert.equal(row.n, 40);
  });
});

test('SQL that is allowed sees only the caller\'s apps, however the table is reached', async (t) => {
  const tally = await startTestTally(t);
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  await tally.ingest.ingest(
    [
      ...Array.from({ length: 6 }, (_, i) => event({ app_id: 'alpha', user_id: `alpha-user-${i % 3}`, event_name: i % 2 ? 'purchase' : 'page_view', properties: { revenue: i } })),
      ...Array.from({ length: 9 }, (_, i) => event({ app_id: 'bravo', user_id: `bravo-user-${i}`, properties: { token: 'BRAVO_SECRET' } })),
    ],
    {},
  );
  const run = async (sql: string) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(alpha.readKey), payload: { sql } });
    assert.equal(res.statusCode, 200, `${sql}: ${res.body}`);
    assert.ok(!res.body.includes('BRAVO_SECRET') && !res.body.includes('bravo-user'), `${sql} leaked: ${res.body}`);
    return res.json().rows as Array<Record<string, unknown>>;
  };
  const cases: Array<[string, unknown]> = [
    ['SELECT count() AS n FROM events', 6],
    ["SELECT count() AS n FROM events WHERE app_id = 'bravo'", 0],
    ['SELECT count() AS n FROM events WHERE user_id IN (SELECT user_id FROM events)', 6],
    ['SELECT count() AS n FROM (SELECT * FROM events UNION ALL SELECT * FROM events)', 12],
    ['WITH u AS (SELECT DISTINCT user_id FROM events) SELECT count() AS n FROM u', 3],
    ['SELECT count() AS n FROM events AS a INNER JOIN events AS b ON a.event_id = b.event_id', 6],
    ['SELECT (SELECT count() FROM events) AS n', 6],
    ['SELECT uniqExact(user_id) AS n FROM events', 3],
    ['SELECT countMerge(events) AS n FROM events_hourly', 6],
    ['SELECT min(timestamp) = max(timestamp) AS n FROM events', 1],
    ["SELECT sum(toFloat64OrZero(JSONExtractRaw(properties, 'revenue'))) AS n FROM events WHERE event_name = 'purchase'", 9],
    ['SELECT count() AS n FROM events WHERE (event_id, app_id) IN (SELECT event_id, app_id FROM events)', 6],
  ];
  for (const [sql, expected] of cases) {
    const rows = await run(sql);
    assert.equal(rows[0].n, expected, sql);
  }
  const grouped = await run('SELECT app_id, count() AS n FROM events GROUP BY app_id');
  assert.deepEqual(grouped, [{ app_id: 'alpha', n: 6 }]);
  const series = await run('SELECT number AS n FROM numbers(3) ORDER BY n');
  assert.deepEqual(series.map((r) => r.n), [0, 1, 2]);
});
