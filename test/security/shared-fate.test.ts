// No shared fate between tenants: one key's raw SQL does not stall another's ingest or readiness,
// questions are budgeted per key, stalled uploads are cut, one address cannot hold every
// connection, and an answer that would carry another app's rows is withheld.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { ADMIN_TOKEN, KEEP_FOREVER, bearer, createApp, event, startTestTally, tempDir } from '../helpers/tally.ts';

const HEAVY_SQL = 'SELECT sum(cityHash64(number)) AS h FROM numbers(2000000000)';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

test("back-to-back raw SQL of one key neither stalls another app's ingest nor makes the server unready", async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_TIMEOUT_MS: '3000', TALLY_QUERY_SECONDS_PER_MINUTE: '0', TALLY_QUERY_MAX_ROWS_TO_READ: '100000000000' });
  const heavy = await createApp(tally, 'heavy');
  const shop = await createApp(tally, 'shop');
  let stop = false;
  const hammer = (async () => {
    let answered = 0;
    while (!stop) {
      const res = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(heavy.readKey), payload: { sql: HEAVY_SQL } });
      assert.ok([200, 422, 429].includes(res.statusCode), res.body);
      answered++;
    }
    return answered;
  })();
  await new Promise((r) => setTimeout(r, 300));
  const ackMs: number[] = [];
  const ready: number[] = [];
  const until = Date.now() + 6000;
  for (let i = 0; Date.now() < until; i++) {
    const started = performance.now();
    const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: event({ app_id: 'shop', user_id: `u_${i}` }) });
    ackMs.push(performance.now() - started);
    assert.equal(res.statusCode, 200, res.body);
    if (i % 5 === 0) ready.push((await tally.app.inject({ method: 'GET', url: '/readyz' })).statusCode);
  }
  stop = true;
  const queries = await hammer;
  const p50 = percentile(ackMs, 0.5);
  t.diagnostic(`raw queries answered: ${queries}; ingest acks: ${ackMs.length}, p50 ${p50.toFixed(0)} ms, p99 ${percentile(ackMs, 0.99).toFixed(0)} ms`);
  assert.ok(queries >= 1);
  assert.ok(p50 < 500, `ingest p50 ${p50.toFixed(0)} ms while raw SQL runs`);
  assert.deepEqual([...new Set(ready)], [200]);
});

test('questions are budgeted per key: past its query time, a key waits; another key does not', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_SECONDS_PER_MINUTE: '1', TALLY_QUERY_TIMEOUT_MS: '3000', TALLY_QUERY_MAX_ROWS_TO_READ: '100000000000' });
  const heavy = await createApp(tally, 'heavy');
  const other = await createApp(tally, 'other');
  // a question over a second spends the whole budget of one second a minute
  await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(heavy.readKey), payload: { sql: HEAVY_SQL } });
  const refused = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(heavy.readKey), payload: { sql: 'SELECT 1 AS x' } });
  assert.equal(refused.statusCode, 429, refused.body);
  assert.equal(refused.json().error.code, 'TALLY_ERR_QUERY_BUDGET');
  assert.ok(Number(refused.headers['retry-after']) >= 1);
  const insight = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(heavy.readKey), payload: { template: 'overview_stats', app_id: 'heavy', from: '-7d', to: 'now' } });
  assert.equal(insight.statusCode, 429, 'the budget covers reports and insights too');
  const fine = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(other.readKey), payload: { sql: 'SELECT 1 AS x' } });
  assert.equal(fine.statusCode, 200, fine.body);
  const admin = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(ADMIN_TOKEN), payload: { sql: 'SELECT 1 AS x' } });
  assert.equal(admin.statusCode, 200, 'the admin token is not budgeted');
});

test('a key has at most its share of questions running at once', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUERY_MAX_CONCURRENT_PER_KEY: '1', TALLY_QUERY_SECONDS_PER_MINUTE: '0', TALLY_QUERY_TIMEOUT_MS: '2000', TALLY_QUERY_MAX_ROWS_TO_READ: '100000000000' });
  const a = await createApp(tally, 'alpha');
  const first = tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(a.readKey), payload: { sql: HEAVY_SQL } });
  await new Promise((r) => setTimeout(r, 100));
  const second = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(a.readKey), payload: { template: 'overview_stats', app_id: 'alpha', from: '-7d', to: 'now' } });
  assert.equal(second.statusCode, 429, second.body);
  assert.equal(second.json().error.code, 'TALLY_ERR_QUERY_BUDGET');
  await first;
  const after = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(a.readKey), payload: { template: 'overview_stats', app_id: 'alpha', from: '-7d', to: 'now' } });
  assert.equal(after.statusCode, 200, after.body);
});

async function listeningTally(t: { after(fn: () => unknown): void }, env: Record<string, string>): Promise<Tally> {
  const dataDir = tempDir();
  const config = loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_PORT: '0', TALLY_METRICS_PORT: '0', TALLY_LOG_LEVEL: 'silent', ...KEEP_FOREVER, ...env });
  const tally = await startTally(config, { logger: pino({ level: 'silent' }) });
  t.after(async () => {
    await tally.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return tally;
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

test('stalled uploads are cut at the request timeout', async (t) => {
  const tally = await listeningTally(t, { TALLY_REQUEST_TIMEOUT_MS: '1500' });
  const { writeKey } = await createApp(tally, 'shop');
  const sockets = await Promise.all(Array.from({ length: 30 }, () => openSocket(tally.port)));
  for (const [i, s] of sockets.entries()) {
    s.on('error', () => {});
    s.on('data', () => {});
    // half the headers, or all headers and half a body
    if (i % 2 === 0) s.write('POST /v1/batch HTTP/1.1\r\nHost: x\r\n');
    else s.write(`POST /v1/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${writeKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events":[`);
  }
  const closed = await Promise.all(sockets.map((s) => closedWithin(s, 6000)));
  assert.equal(closed.filter(Boolean).length, sockets.length, 'every stalled request was cut');
  // the server still ingests
  const res = await fetch(`http://127.0.0.1:${tally.port}/v1/events`, { method: 'POST', headers: { ...bearer(writeKey), 'content-type': 'application/json' }, body: JSON.stringify(event({ app_id: 'shop' })) });
  assert.equal(res.status, 200);
});

test('one address holds at most its share of connections; closing them frees the slots', async (t) => {
  const tally = await listeningTally(t, { TALLY_MAX_CONNECTIONS_PER_IP: '5' });
  const held = await Promise.all(Array.from({ length: 5 }, () => openSocket(tally.port)));
  const extra = await openSocket(tally.port);
  extra.on('error', () => {});
  assert.equal(await closedWithin(extra, 2000), true, 'the sixth connection is closed');
  for (const s of held) s.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const res = await fetch(`http://127.0.0.1:${tally.port}/healthz`);
  assert.equal(res.status, 200);
});

test("an answer holding another app's rows is withheld, whatever produced it", async (t) => {
  const dataDir = tempDir();
  let forge = false;
  const config = loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent', FLUSH_INTERVAL_MS: '5', ...KEEP_FOREVER });
  // a store that, once asked to, answers listings with a row of another app (an engine fault)
  const wrapStore = (conn: StoreConnection): StoreConnection => ({
    ...conn,
    async query<T>(sql: string, params?: Record<string, unknown>, options?: Parameters<StoreConnection['query']>[2]): Promise<T[]> {
      const rows = await conn.query<T>(sql, params, options);
      if (!forge || !/FROM events/.test(sql) || rows.length === 0) return rows;
      return rows.map((r) => ({ ...(r as object), app_id: 'bravo' }) as T);
    },
  });
  const tally = await startTally(config, { listen: false, logger: pino({ level: 'silent' }), wrapStore });
  t.after(async () => {
    await tally.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const alpha = await createApp(tally, 'alpha');
  await createApp(tally, 'bravo');
  await tally.ingest.ingest([event({ app_id: 'alpha' })], {});
  const honest = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=alpha', headers: bearer(alpha.readKey) });
  assert.equal(honest.statusCode, 200, honest.body);
  forge = true;
  const forged = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=alpha', headers: bearer(alpha.readKey) });
  assert.equal(forged.statusCode, 500, forged.body);
  assert.ok(!forged.body.includes('bravo'));
  assert.equal(forged.json().error.code, 'TALLY_ERR_INTERNAL');
  const asAdmin = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=alpha', headers: bearer(ADMIN_TOKEN) });
  assert.equal(asAdmin.statusCode, 200, 'the admin token reads every app');
});
