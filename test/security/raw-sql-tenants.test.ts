// Raw SQL against the engine's quirks, as an attacker with one app's read key would try it on a
// server shared with another app: answers of failed queries must never reach another request, the
// caller's expressions must never be evaluated on another app's rows (the error oracle), and the
// tenant guard reads the values the route uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';
import type { Tally } from '../../src/service.ts';

async function rawQuery(tally: Tally, key: string, sql: string) {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(key), payload: { sql } });
  return { status: res.statusCode, body: res.body };
}

test('a raw query stopped mid-result never hands its rows to another request', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_MAX_ROWS: '50', TALLY_QUERY_MAX_CONCURRENT: '4', TALLY_QUERY_MAX_CONCURRENT_PER_KEY: '50', TALLY_QUERY_SECONDS_PER_MINUTE: '0' });
  const attacker = await createApp(tally, 'attacker');
  const victim = await createApp(tally, 'victim');
  // several parts, so failing results stream in many blocks
  for (let part = 0; part < 6; part++) {
    await tally.ingest.ingest(
      Array.from({ length: 5000 }, (_, i) => event({ app_id: 'attacker', user_id: `attacker-user-${part * 5000 + i}`, properties: { n: part * 5000 + i, pad: 'x'.repeat(40) } })),
      {},
    );
  }
  await tally.ingest.ingest(Array.from({ length: 3 }, (_, i) => event({ app_id: 'victim', user_id: `victim-user-${i}` })), {});

  const failing = [
    'SELECT * FROM events', // over the row limit
    "SELECT user_id, intDiv(1, toInt64(JSONExtractInt(properties, 'n')) - 29000) AS boom FROM events", // fails mid-stream
  ];
  const wrong: string[] = [];
  for (let round = 0; round < 15; round++) {
    const attacks = failing.map((sql) => rawQuery(tally, attacker.readKey, sql));
    const checks = [
      rawQuery(tally, victim.readKey, 'SELECT 42 AS x').then((r) => (r.status === 200 && JSON.parse(r.body).rows[0]?.x === 42) || wrong.push(`raw: ${r.status} ${r.body.slice(0, 120)}`)),
      tally.app.inject({ method: 'GET', url: '/v1/events?app_id=victim&limit=10', headers: bearer(victim.readKey) }).then((r) => {
        const ok = r.statusCode === 200 && r.json().events.length === 3 && !r.body.includes('attacker');
        if (!ok) wrong.push(`events: ${r.statusCode} ${r.body.slice(0, 120)}`);
      }),
      tally.app
        .inject({ method: 'POST', url: '/v1/report', headers: bearer(victim.readKey), payload: { template: 'overview_stats', app_id: 'victim', from: '2026-09-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } })
        .then((r) => {
          if (r.statusCode !== 200 || r.body.includes('attacker')) wrong.push(`report: ${r.statusCode} ${r.body.slice(0, 120)}`);
        }),
    ];
    const attackAnswers = await Promise.all(attacks);
    await Promise.all(checks);
    for (const a of attackAnswers) assert.ok([400, 422].includes(a.status), `the attack itself is refused: ${a.status} ${a.body.slice(0, 200)}`);
  }
  assert.deepEqual(wrong, []);
});

// 1,000 rows of alpha and one secret row of bravo, written in one insert (so in one part)
async function oracleFixture(t: Parameters<typeof startTestTally>[0]) {
  const tally = await startTestTally(t, { TALLY_QUERY_MAX_CONCURRENT_PER_KEY: '50', TALLY_QUERY_SECONDS_PER_MINUTE: '0' });
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  await tally.ingest.ingest(
    [
      ...Array.from({ length: 1000 }, (_, i) => event({ app_id: 'alpha', user_id: `alpha-user-${i}`, properties: { k: '1' } })),
      event({ app_id: 'bravo', user_id: 'bravo-user', properties: { note: 's3cr3t' } }),
    ],
    {},
  );
  return { tally, alpha };
}

/** queries whose outcome would depend on `pred` if it were ever evaluated on bravo's row */
function oracleAttacks(pred: string): Record<string, string> {
  const onRight = pred.replaceAll('properties', 'r.properties');
  return {
    where: `SELECT count() AS n FROM events WHERE intDiv(1, if(${pred}, 0, 1)) = 1`,
    where_and: `SELECT count() AS n FROM events WHERE app_id = 'alpha' AND intDiv(1, if(${pred}, 0, 1)) = 1`,
    prewhere: `SELECT count() AS n FROM events PREWHERE intDiv(1, if(${pred}, 0, 1)) = 1`,
    failing_cast: `SELECT count() AS n FROM events WHERE toUInt8(if(${pred}, 'x', '1')) = 1`,
    cast_as: `SELECT count() AS n FROM events WHERE CAST(if(${pred}, 'x', '1') AS UInt8) = 1`,
    parse_date: `SELECT count() AS n FROM events WHERE parseDateTimeBestEffort(if(${pred}, 'zz', '2020-01-01')) > 0`,
    join_on: `SELECT count() AS n FROM events AS l INNER JOIN events AS r ON l.user_id = r.user_id AND intDiv(1, if(${onRight}, 0, 1)) = 1`,
    join_where: `SELECT count() AS n FROM events AS l INNER JOIN events AS r ON l.user_id = r.user_id WHERE intDiv(1, if(${onRight}, 0, 1)) = 1`,
    left_join: `SELECT count() AS n FROM events AS l LEFT JOIN events AS r ON l.user_id = r.user_id AND intDiv(1, if(${onRight}, 0, 1)) = 1`,
    comma_join: `SELECT count() AS n FROM events AS l, events AS r WHERE l.user_id = 'alpha-user-1' AND intDiv(1, if(${onRight}, 0, 1)) = 1`,
    subquery: `SELECT count() AS n FROM (SELECT * FROM events WHERE intDiv(1, if(${pred}, 0, 1)) = 1)`,
    outer_filter: `SELECT count() AS n FROM (SELECT * FROM events) WHERE intDiv(1, if(${pred}, 0, 1)) = 1`,
    in_subquery: `SELECT count() AS n FROM events WHERE user_id IN (SELECT user_id FROM events WHERE intDiv(1, if(${pred}, 0, 1)) = 1)`,
    cte: `WITH t AS (SELECT * FROM events) SELECT count() AS n FROM t WHERE intDiv(1, if(${pred}, 0, 1)) = 1`,
    union: `SELECT count() AS n FROM (SELECT * FROM events UNION ALL SELECT * FROM events) WHERE intDiv(1, if(${pred}, 0, 1)) = 1`,
    exists: `SELECT count() AS n FROM events WHERE EXISTS (SELECT 1 FROM events WHERE intDiv(1, if(${pred}, 0, 1)) = 1)`,
    scalar: `SELECT (SELECT count() FROM events WHERE intDiv(1, if(${pred}, 0, 1)) = 1) AS n`,
    combinator: `SELECT countIf(intDiv(1, if(${pred}, 0, 1)) = 1) AS n FROM events`,
    having: `SELECT user_id FROM events GROUP BY user_id HAVING intDiv(1, if(any(${pred}), 0, 1)) = 1 ORDER BY user_id LIMIT 1`,
    huge_repeat: `SELECT count() AS n FROM events WHERE length(repeat('x', if(${pred}, 1000000000000, 1))) = 1`,
  };
}

test("the caller's expressions never run on another app's rows: the error oracle answers the same whatever the secret", async (t) => {
  const { tally, alpha } = await oracleFixture(t);
  const whenTrue = oracleAttacks("JSONExtractString(properties, 'note') LIKE 's%'");
  const whenFalse = oracleAttacks("JSONExtractString(properties, 'note') LIKE 'z%'");
  const leaks: string[] = [];
  for (const name of Object.keys(whenTrue)) {
    const a = await rawQuery(tally, alpha.readKey, whenTrue[name]);
    const b = await rawQuery(tally, alpha.readKey, whenFalse[name]);
    if (a.status !== b.status || a.body.replace(/"elapsed_ms":\d+/, '') !== b.body.replace(/"elapsed_ms":\d+/, '')) leaks.push(`${name}: ${a.status} ${a.body.slice(0, 80)} | ${b.status} ${b.body.slice(0, 80)}`);
    // PREWHERE reads a table directly, so on the scoped read it is refused outright; the rest run
    else if (name !== 'prewhere') assert.equal(a.status, 200, `${name} runs for the caller's own rows: ${a.body.slice(0, 200)}`);
  }
  assert.deepEqual(leaks, []);
});

test('a table read outside FROM or JOIN is refused, not run unscoped', async (t) => {
  const { tally, alpha } = await oracleFixture(t);
  const res = await rawQuery(tally, alpha.readKey, 'SELECT count() AS n FROM events WHERE user_id IN events');
  assert.equal(res.status, 403, res.body);
  assert.match(res.body, /TALLY_ERR_QUERY_FORBIDDEN/);
  // the same question as a subquery runs
  const ok = await rawQuery(tally, alpha.readKey, 'SELECT count() AS n FROM events WHERE user_id IN (SELECT user_id FROM events)');
  assert.equal(ok.status, 200, ok.body);
  assert.equal(JSON.parse(ok.body).rows[0].n, 1000);
  // columns named like a table still work (events_hourly.events)
  const rollup = await rawQuery(tally, alpha.readKey, 'SELECT countMerge(events) AS events FROM events_hourly');
  assert.equal(rollup.status, 200, rollup.body);
  assert.equal(JSON.parse(rollup.body).rows[0].events, 1000);
});

test('the tenant guard checks app ids after coercion: a number naming another app is refused', async (t) => {
  const tally = await startTestTally(t);
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, '1234');
  for (const payload of [{ sql: 'SELECT 1 AS x', app_id: 1234 }, { sql: 'SELECT 1 AS x', app_ids: [1234] }]) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(alpha.readKey), payload });
    assert.equal(res.statusCode, 403, `${JSON.stringify(payload)}: ${res.body}`);
  }
  const listing = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=1234', headers: bearer(alpha.readKey) });
  assert.equal(listing.statusCode, 403, listing.body);
});

test("raw SQL may name a column app_id: the caller's own literal is not mistaken for another app's rows", async (t) => {
  const tally = await startTestTally(t);
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  const res = await rawQuery(tally, alpha.readKey, "SELECT 'bravo' AS app_id, 1 AS n");
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(JSON.parse(res.body).rows, [{ app_id: 'bravo', n: 1 }]);
});
