// Faults during capture, against real processes: `kill -9` of a Tally that captures in process, and
// a PostgreSQL restart (a private cluster of this test, so nobody else's server goes down), each
// while rows keep arriving. Afterwards every row is stored exactly once.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { composePostgresCapture, SEED_000_MAPPINGS } from '../../src/sources/index.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, startTestTally } from '../helpers/tally.ts';
import type { Tally } from '../../src/service.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, unusedPort, waitFor, type TestDatabase } from './pg.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** inserts small transactions until stopped; failed inserts (the server is down) are retried */
function keepInserting(db: TestDatabase) {
  let running = true;
  const done = (async () => {
    while (running) {
      await insertConceptEvents(db, 50).catch(() => new Promise((r) => setTimeout(r, 100)));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

async function pgCount(db: TestDatabase): Promise<number> {
  const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM concept_events');
  return Number(n);
}

/** a Tally capturing seed 000's tables from `url` in this process (slot and publication named after `name`), and its count of stored rows */
async function captureInProcess(t: { after(fn: () => unknown): void }, url: string, name: string, retryMs = 50) {
  const tally = await startTestTally(t);
  const config = loadCdcConfig({ TALLY_CDC_URL: url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${name}`, TALLY_CDC_PUBLICATION: `p_${name}`, TALLY_CDC_RETRY_MS: String(retryMs) });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: pino({ level: 'silent' }) });
  t.after(() => capture.close());
  await capture.start();
  const stored = async () => Number((await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'tutor'"))[0].n);
  return { tally, capture, stored };
}

/** after a fault and the inserts stopped: every row of the table is stored exactly once, and capture counted its reconnects */
async function expectEveryRowOnce(db: TestDatabase, tally: Tally, stored: () => Promise<number>) {
  const expected = await pgCount(db);
  await waitFor('every row', async () => (await stored()) >= expected, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  const [r] = await tally.store.query<{ n: number; ids: number }>("SELECT count() AS n, uniqExact(JSONExtractRaw(properties, 'id')) AS ids FROM events WHERE app_id = 'tutor'");
  assert.deepEqual({ n: Number(r.n), ids: Number(r.ids) }, { n: expected, ids: expected });
  assert.match(await tally.metrics.registry.metrics(), /analytics_cdc_retries_total\{stage="stream"\} [1-9]/);
}

async function httpTotal(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/events?app_id=tutor&limit=1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) return -1;
  return ((await res.json()) as { total: number }).total;
}

test('kill -9 of tally serve mid-stream, then a restart: every row stored once', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 3000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tally-cdc-kill-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: ADMIN_TOKEN,
    FLUSH_INTERVAL_MS: '5',
    TALLY_CDC_URL: db.url,
    TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS),
    TALLY_CDC_SLOT: `s_${db.name}`,
    TALLY_CDC_PUBLICATION: `p_${db.name}`,
    TALLY_CDC_RETRY_MS: '50',
  };
  const first = await spawnTally(env);
  t.after(() => first.stop('SIGKILL'));
  const stopInserting = keepInserting(db);
  await waitFor('capture under way', async () => (await httpTotal(first.url)) > 4000);
  await first.stop('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  const second = await spawnTally(env);
  t.after(() => second.stop());
  await new Promise((r) => setTimeout(r, 1000));
  await stopInserting();
  const expected = await pgCount(db);
  await waitFor('every row', async () => (await httpTotal(second.url)) >= expected, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await httpTotal(second.url), expected);
  const res = await fetch(`${second.url}/v1/sources`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await res.json()) as { sources: Array<{ state: string; slot: string }> };
  assert.equal(body.sources[0].state, 'streaming');
  assert.equal(await second.stop(), 0);
});

test('a PostgreSQL restart mid-stream: capture reconnects and every row is stored once', async (t) => {
  const home = mkdtempSync(path.join(tmpdir(), 'tally-cdc-pg-'));
  chmodSync(home, 0o755);
  const port = String(await unusedPort());
  const pgEnv = { ...process.env, TALLY_PG_HOME: home, PGPORT: port };
  const pgScript = (name: string) => execFileSync('bash', [path.join(ROOT, `scripts/postgres/${name}.sh`)], { env: pgEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  pgScript('start');
  t.after(() => {
    pgScript('stop');
    rmSync(home, { recursive: true, force: true });
  });
  const db = await createDatabase(t, `postgres://postgres@127.0.0.1:${port}`);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 2000);
  const { tally, capture, stored } = await captureInProcess(t, db.url, 'restart');
  const stopInserting = keepInserting(db);
  await waitFor('streaming rows', async () => (await stored()) > 3000);
  pgScript('stop');
  await new Promise((r) => setTimeout(r, 500));
  pgScript('start');
  await waitFor('reconnected', async () => capture.status().state === 'streaming' && (await stored()) > 0, 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  await stopInserting();
  await expectEveryRowOnce(db, tally, stored);
});

/**
 * A TCP relay between capture and PostgreSQL that can cut the network: `drop()` resets every
 * connection through it and refuses new ones until `restore()` (the server itself stays up);
 * `swallow()` resets them and then accepts new ones that never get an answer (`held()` of them).
 * `endReplicationAtReady(n)` lets the next n replication sessions start, then ends each as the
 * server does when it is told to stop (SIGTERM: a FATAL 57P01), in the same read as the server's
 * ready message.
 */
async function startRelay(t: { after(fn: () => unknown): void }, target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  let down = false;
  let swallowing = false;
  let endAtReady = 0;
  let endedAtReady = 0;
  const server = net.createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    if (swallowing) {
      held.add(client);
      client.on('error', () => {});
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.once('data', (startup: Buffer) => {
      upstream.write(startup);
      client.pipe(upstream);
      if (endAtReady > 0 && startup.includes(REPLICATION_STARTUP)) {
        endAtReady--;
        endedAtReady++;
        endAtServerReady(upstream, client);
      } else upstream.pipe(client);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of [...sockets, ...held]) s.destroy();
    server.close();
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    /** how many connections run through the relay now */
    open: () => sockets.size / 2,
    held: () => held.size,
    drop() {
      down = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    swallow() {
      swallowing = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    endReplicationAtReady(n: number) {
      endAtReady = n;
    },
    /** how many replication sessions it ended at the server's ready message */
    endedAtReady: () => endedAtReady,
  };
}

/** a replication connection's startup message holds this parameter */
const REPLICATION_STARTUP = Buffer.from('replication\0database\0');

/** what PostgreSQL sends a session it terminates (pg_terminate_backend, a fast shutdown, DROP DATABASE … WITH (FORCE)) */
function terminatingMessage(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** relays the server's startup answer up to its ready message ('Z'), then that ready message and a FATAL 57P01 in one write, then ends */
function endAtServerReady(upstream: net.Socket, client: net.Socket) {
  let pending = Buffer.alloc(0);
  upstream.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let at = 0; at + 5 <= pending.length; ) {
      const end = at + 1 + pending.readInt32BE(at + 1);
      if (end > pending.length) break;
      if (pending[at] === 0x5a) {
        client.end(Buffer.concat([pending.subarray(0, end), terminatingMessage()]));
        upstream.destroy();
        return;
      }
      at = end;
    }
  });
}

/** seed 000's tables with `rows` rows in a fresh database, and a capture in this process that reaches it through a relay */
async function captureThroughRelay(t: { after(fn: () => unknown): void }, rows: number) {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, rows);
  const target = new URL(db.url);
  const relay = await startRelay(t, { host: target.hostname, port: Number(target.port) });
  const viaRelay = new URL(db.url);
  viaRelay.port = String(relay.port);
  return { db, relay, ...(await captureInProcess(t, viaRelay.toString(), db.name)) };
}

test('a network drop between capture and PostgreSQL (connections reset, refused for 2 s): capture reconnects and every row is stored once', async (t) => {
  const { db, relay, tally, capture, stored } = await captureThroughRelay(t, 2000);
  // rows keep arriving directly (the application's own connection is not cut)
  const stopInserting = keepInserting(db);
  await waitFor('streaming rows', async () => (await stored()) > 3000);
  assert.ok(relay.open() >= 1, 'the replication connection runs through the relay');
  relay.drop();
  await new Promise((r) => setTimeout(r, 2000));
  assert.notEqual(capture.status().state, 'streaming', 'capture noticed the drop');
  relay.restore();
  await waitFor('reconnected', async () => capture.status().state === 'streaming', 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  await stopInserting();
  await expectEveryRowOnce(db, tally, stored);
});

test('closing a capture that is reconnecting returns at once: while it connects to a server that does not answer, and while it waits to retry', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  const target = new URL(db.url);
  const tally = await startTestTally(t);
  for (const phase of ['connecting', 'waiting to retry'] as const) {
    const relay = await startRelay(t, { host: target.hostname, port: Number(target.port) });
    const viaRelay = new URL(db.url);
    viaRelay.port = String(relay.port);
    const name = `${db.name}_${phase === 'connecting' ? 'c' : 'w'}`;
    // the second phase's retry delay is longer than the test's patience: close() must not wait it out
    const config = loadCdcConfig({ TALLY_CDC_URL: viaRelay.toString(), TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${name}`, TALLY_CDC_PUBLICATION: `p_${name}`, TALLY_CDC_RETRY_MS: phase === 'connecting' ? '50' : '60000' });
    assert.ok(config);
    const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: pino({ level: 'silent' }) });
    t.after(() => capture.close());
    await capture.start();
    assert.equal(capture.status().state, 'streaming');
    if (phase === 'connecting') {
      relay.swallow();
      await waitFor('a reconnect held by a server that does not answer', async () => relay.held() >= 1);
    } else {
      relay.drop();
      await waitFor('the stream lost', async () => capture.status().state === 'reconnecting');
    }
    const started = performance.now();
    await capture.close();
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `close() took ${Math.round(ms)} ms while ${phase}`);
    assert.equal(capture.status().state, 'stopped');
  }
});

test('a session the server ends right as it becomes ready (both in one read) only makes capture reconnect; every row is stored once', async (t) => {
  const { db, relay, tally, capture, stored } = await captureThroughRelay(t, 500);
  const stopInserting = keepInserting(db);
  await waitFor('streaming rows', async () => (await stored()) > 500);
  relay.endReplicationAtReady(3);
  relay.drop();
  relay.restore();
  await waitFor('three sessions ended at ready', async () => relay.endedAtReady() === 3, 30_000);
  await waitFor('reconnected', async () => capture.status().state === 'streaming', 30_000);
  await new Promise((r) => setTimeout(r, 500));
  await stopInserting();
  await expectEveryRowOnce(db, tally, stored);
});
