// HTTP ingest benchmark: batches of 500 events from concurrent keep-alive clients into a real
// `tally serve` process (embedded store; acknowledged once durable in the ingest log, loaded into
// the store behind it), versus the raw engine's own insert rate on the same rows in the same run.
// Prints events/s acknowledged and events/s stored (until a query sees the last one), their ratios
// to raw, ack latency p50/p99 at full and half load, and receive-to-queryable at half load: a
// probe event sent every 100 ms, timed from its send until `GET /v1/events` returns it.
//
//   node bench/ingest/run.ts [--events 1000000] [--batch 500] [--clients 16] [--fsync true]

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { spawnTally } from '../../test/helpers/process.ts';
import { benchEvent, percentile } from '../lib/events.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '500' },
    clients: { type: 'string', default: '16' },
    fsync: { type: 'string', default: 'true' },
    'raw-batch': { type: 'string', default: '50000' },
  },
});
const TOTAL = Number(values.events);
const BATCH = Number(values.batch);
const CLIENTS = Number(values.clients);
const RAW_BATCH = Number(values['raw-batch']);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const START = Date.parse('2026-10-01T00:00:00Z');
const SPAN = 30 * 86_400_000;

function makeBodies(appId: string): Uint8Array<ArrayBuffer>[] {
  const encoder = new TextEncoder();
  const bodies: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < TOTAL; i += BATCH) {
    const events = [];
    for (let j = i; j < Math.min(TOTAL, i + BATCH); j++) events.push(benchEvent(j, appId, START, SPAN));
    bodies.push(encoder.encode(JSON.stringify({ events })));
  }
  return bodies;
}

/** the raw engine: the same rows Tally would store, inserted directly in large batches */
async function rawEngine(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-raw-'));
  const conn = openStore({ kind: 'embedded' }, dir);
  await migrate(conn);
  await conn.command(`ALTER TABLE events MODIFY SETTING fsync_after_insert = ${values.fsync === 'true' ? 1 : 0}, fsync_part_directory = ${values.fsync === 'true' ? 1 : 0}`);
  const validate = createIngestPipeline();
  const rows: Buffer[] = [];
  for (let i = 0; i < TOTAL; i += RAW_BATCH) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(TOTAL, i + RAW_BATCH); j++) {
      const r = validate(benchEvent(j, 'raw', START, SPAN), { receivedAtMs: Date.now() });
      if (r.ok) lines.push(r.event.row);
    }
    rows.push(Buffer.from(lines.join('\n') + '\n'));
  }
  const t0 = performance.now();
  for (const b of rows) await conn.insertJsonEachRow('events', b);
  const seconds = (performance.now() - t0) / 1000;
  const [{ n }] = await conn.query<{ n: number }>('SELECT count() AS n FROM events');
  if (n !== TOTAL) throw new Error(`raw engine stored ${n} of ${TOTAL}`);
  await conn.close();
  rmSync(dir, { recursive: true, force: true });
  return TOTAL / seconds;
}

/** total events of `appId` as a query sees them (the read barrier waits for what was acknowledged) */
async function storedTotal(url: string, key: string, appId: string, userId?: string): Promise<number> {
  const user = userId ? `&user_id=${userId}` : '';
  const res = await fetch(`${url}/v1/events?app_id=${appId}&limit=1&from=2026-09-01T00:00:00Z&to=2026-12-01T00:00:00Z${user}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`GET /v1/events: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: number }).total;
}

/** every 100 ms until `stop`: one event with its own user, timed from its send until a query returns it */
async function probeQueryable(url: string, key: string, appId: string, stop: () => boolean): Promise<number[]> {
  const lags: number[] = [];
  for (let k = 0; !stop(); k++) {
    const userId = `probe_${k}`;
    const sent = performance.now();
    const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ app_id: appId, event_name: 'probe', user_id: userId, timestamp: '2026-10-15T00:00:00.000Z' }] }) });
    if (res.status !== 200) throw new Error(`probe: HTTP ${res.status}`);
    await res.arrayBuffer();
    while ((await storedTotal(url, key, appId, userId)) === 0) await new Promise((r) => setTimeout(r, 2));
    lags.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 100));
  }
  return lags.sort((a, b) => a - b);
}

async function httpRun(url: string, key: string, bodies: Uint8Array<ArrayBuffer>[], clients: number, ratePerSecond?: number) {
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  const interval = ratePerSecond ? (1000 * BATCH) / ratePerSecond : 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      if (interval) {
        const due = t0 + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const s = performance.now();
      const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: bodies[i] });
      const body = (await res.json()) as { accepted: number };
      if (res.status !== 200) throw new Error(`HTTP ${res.status} ${JSON.stringify(body)}`);
      latencies.push(performance.now() - s);
      accepted += body.accepted;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: accepted / seconds, accepted, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  process.stderr.write(`bench/ingest: ${TOTAL} events, batches of ${BATCH}, ${CLIENTS} clients, fsync=${values.fsync}\n`);
  const raw = await rawEngine();
  process.stderr.write(`raw engine: ${Math.round(raw)} events/s (batches of ${RAW_BATCH})\n`);

  const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-http-'));
  const profile: Record<string, string> = process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {};
  const server = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: TOKEN, TALLY_FSYNC: values.fsync ?? 'true', TALLY_LOG_LEVEL: 'warn', ...profile });
  try {
    for (const app of ['full', 'half', 'probe']) {
      const res = await fetch(`${server.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: app }) });
      if (res.status !== 201) throw new Error(await res.text());
    }
    const fullBodies = makeBodies('full');
    const t0 = performance.now();
    const full = await httpRun(server.url, TOKEN, fullBodies, CLIENTS);
    // stored: until a query sees the last acknowledged event (it waits for the loader)
    const storedFull = await storedTotal(server.url, TOKEN, 'full');
    const storedSeconds = (performance.now() - t0) / 1000;
    if (storedFull !== TOTAL) throw new Error(`stored ${storedFull} of ${TOTAL}`);
    process.stderr.write(`HTTP full load: ${Math.round(full.eventsPerSecond)} events/s acknowledged, ${Math.round(TOTAL / storedSeconds)} events/s stored; ack p50 ${full.p50.toFixed(1)} ms, p99 ${full.p99.toFixed(1)} ms\n`);
    // the bodies are built before the first probe: building them blocks this process for seconds,
    // and a probe in flight meanwhile would count that as its lag
    const halfBodies = makeBodies('half');
    let halfDone = false;
    const probes = probeQueryable(server.url, TOKEN, 'probe', () => halfDone);
    const half = await httpRun(server.url, TOKEN, halfBodies, CLIENTS, full.eventsPerSecond / 2).finally(() => (halfDone = true));
    const lags = await probes;
    process.stderr.write(`HTTP half load: ${Math.round(half.eventsPerSecond)} events/s, ack p50 ${half.p50.toFixed(1)} ms, p99 ${half.p99.toFixed(1)} ms; receive-to-queryable p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms (${lags.length} probes)\n`);
    const result = {
      events: TOTAL,
      batch: BATCH,
      clients: CLIENTS,
      fsync: values.fsync === 'true',
      raw_engine_events_per_s: Math.round(raw),
      http_events_per_s: Math.round(full.eventsPerSecond),
      ratio_http_to_raw: Number((full.eventsPerSecond / raw).toFixed(3)),
      http_stored_events_per_s: Math.round(TOTAL / storedSeconds),
      ratio_stored_to_raw: Number((TOTAL / storedSeconds / raw).toFixed(3)),
      full_load_ack_ms: { p50: Number(full.p50.toFixed(1)), p99: Number(full.p99.toFixed(1)) },
      half_load_ack_ms: { p50: Number(half.p50.toFixed(1)), p99: Number(half.p99.toFixed(1)) },
      half_load_receive_to_queryable_ms: { p50: Number(percentile(lags, 50).toFixed(1)), p99: Number(percentile(lags, 99).toFixed(1)), probes: lags.length },
      load_average: loadavg().map((l) => Number(l.toFixed(2))),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
