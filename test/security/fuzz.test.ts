// Property-based fuzzing of the ingest and query endpoints with fast-check, against a real Tally
// (real engine): whatever arrives, the answer is a coded 2xx/4xx (never a 500 or a hang), no answer
// carries another app's data or a file's content, and the server keeps working afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const LEAKS = ['BRAVO_SECRET', 'root:x:0', 'DB::Exception', 'Stack trace'];

// text that reaches the odd corners: unpaired surrogates, controls, long runs, JSON-ish noise
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff\ud800', '"', '\\', '{}', '[]', 'null', 'NaN', '1e309', '-0', '__proto__', 'constructor', 'a'.repeat(9000)),
);

const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const FIELDS = ['event_id', 'app_id', 'event_name', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'properties', 'context', 'extra'];
const mutatedEvent = fc
  .record({ field: fc.constantFrom(...FIELDS), value: nastyValue, drop: fc.boolean() })
  .map(({ field, value, drop }) => {
    const e: Record<string, unknown> = event({ app_id: 'alpha', properties: { i: Math.random() } });
    if (drop) delete e[field];
    else e[field] = value;
    return e;
  });

// SQL from pieces that matter: real and forbidden tables and functions, clauses, quoting, comments
const sqlToken = fc.oneof(
  fc.constantFrom('SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT 5', 'UNION ALL', 'WITH', 'AS', 'IN', 'JOIN', 'ON', 'SETTINGS', 'FORMAT', 'INTO OUTFILE', ';', ',', '(', ')', '*', '=', "'", '`', '"', '--', '/*', '*/', '\n'),
  fc.constantFrom('events', 'events_hourly', 'default.events', 'system.tables', 'system.one', 'apps', 'api_keys', 'numbers(3)', "file('/etc/passwd')", "url('http://127.0.0.1:9')", 'x'),
  fc.constantFrom('count()', 'user_id', 'app_id', 'properties', 'uniqExact(user_id)', 'sleep(1)', "getSetting('readonly')", "dictGet('d','x',1)", 'version()', '_part', '{p:String}'),
  fc.constantFrom("'bravo'", '1', '0x10', '1e3', "'a''b'", 'NULL'),
  nastyString,
);
// every byte escaped, so unpaired surrogates reach the server (as the replacement character)
const percentEncode = (v: string) => [...Buffer.from(v)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const sqlText = fc.array(sqlToken, { minLength: 1, maxLength: 14 }).map((parts) => parts.join(' '));

test('fuzzing ingest and query never yields a 500, a hang or a leak, and the server keeps working', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_TIMEOUT_MS: '1000', TALLY_RATE_LIMIT_WRITE: '0', TALLY_RATE_LIMIT_READ: '0' });
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  await tally.ingest.ingest([event({ app_id: 'bravo', user_id: 'bravo-user', properties: { token: 'BRAVO_SECRET' } })], {});
  const statuses = new Map<number, number>();
  const check = (res: { statusCode: number; body: string }, what: string) => {
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    for (const leak of LEAKS) assert.ok(!res.body.includes(leak), `${what} leaked ${leak}: ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) assert.match(JSON.parse(res.body).error.code, /^TALLY_ERR_[A-Z_]+$/);
  };

  await t.test('POST /v1/batch with mutated events: every event is accepted or rejected with a code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedEvent, { minLength: 1, maxLength: 20 }), async (events) => {
        const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(alpha.writeKey), payload: { events } });
        check(res, 'batch');
        if (res.statusCode === 200) {
          const r = res.json();
          assert.equal(r.accepted + r.duplicates + r.rejected.length, events.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  await t.test('POST /v1/events with any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(nastyValue, async (body) => {
        const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: { ...bearer(alpha.writeKey), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        check(res, 'event');
      }),
      { numRuns: 150 },
    );
  });

  await t.test('raw bytes with any content type and encoding', async () => {
    const contentType = fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/octet-stream', 'application/json; charset=latin1');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), contentType, fc.constantFrom(undefined, 'gzip', 'br', 'identity'), async (bytes, type, encoding) => {
        const headers: Record<string, string> = { ...bearer(alpha.writeKey), 'content-type': type };
        if (encoding) headers['content-encoding'] = encoding;
        const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers, payload: Buffer.from(bytes) });
        check(res, 'bytes');
      }),
      { numRuns: 100 },
    );
  });

  await t.test('POST /v1/query with SQL built from dangerous pieces, and with any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(sqlText, nastyString), async (sql) => {
        const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(alpha.readKey), payload: { sql } });
        check(res, `query ${JSON.stringify(sql).slice(0, 200)}`);
      }),
      { numRuns: 250 },
    );
  });

  await t.test('GET /v1/events with any query string', async () => {
    const param = fc.record({ k: fc.constantFrom('app_id', 'event_name', 'user_id', 'from', 'to', 'limit', 'cursor', 'x'), v: nastyString });
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 6 }), async (params) => {
        const qs = params.map(({ k, v }) => `${k}=${percentEncode(v)}`).join('&');
        const res = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=alpha&${qs}`, headers: bearer(alpha.readKey) });
        check(res, `events ${qs.slice(0, 200)}`);
      }),
      { numRuns: 150 },
    );
  });

  await t.test('afterwards the server answers, ingests and counts correctly', async () => {
    assert.equal((await tally.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const before = (await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'alpha'"))[0].n;
    const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(alpha.writeKey), payload: { events: [event({ app_id: 'alpha', user_id: 'after-fuzz' })] } });
    assert.equal(res.json().accepted, 1);
    const after = (await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'alpha'"))[0].n;
    assert.equal(after, before + 1);
    assert.ok((statuses.get(200) ?? 0) > 0 && [...statuses.keys()].some((s) => s >= 400), `statuses seen: ${JSON.stringify([...statuses])}`);
  });
});
