// Kafka benchmark, against a real broker (KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092):
//   1. the raw engine's own insert rate on the rows Tally stores (batches of 50000, as bench/ingest);
//   2. worker throughput: events already on a topic, consumed by the worker (consumer group, batches
//      of BATCH_SIZE through the batcher with dedup, commit after insert) into an embedded store;
//   3. HTTP → Kafka: a real `tally serve` with TALLY_INGEST=kafka (ingest only), batches of 500
//      from concurrent clients, acknowledged after acks=all;
//   4. end to end at a steady rate: HTTP receive → Kafka → worker → committed insert, p50/p99
//      (from each row's received_at, stamped by the ingest node, to its insert's commit).
// Prints JSON with the ratios, and the CPU an event costs the raw inserts and the worker (all of this
// process's threads, the engine's included).
//
//   node bench/kafka/run.ts [--events 300000] [--batch-size 20000] [--clients 8] [--rate 20000] [--seconds 5]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Admin, ProduceAcks } from '@platformatic/kafka';
import { loadConfig } from '../../src/config/index.ts';
import { createBatcher, createIngestPipeline, type ValidatedEvent } from '../../src/ingest/index.ts';
import { encodeEvent } from '../../src/ingest/kafka-codec.ts';
import { createEventProducer, startKafkaWorker } from '../../src/ingest/kafka-pipeline.ts';
import { createMetrics } from '../../src/observability/index.ts';
import { createAppRegistry } from '../../src/access/index.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { spawnTally } from '../../test/helpers/process.ts';
import { benchEvent, percentile } from '../lib/events.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    'batch-size': { type: 'string', default: '20000' },
    clients: { type: 'string', default: '8' },
    rate: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
    partitions: { type: 'string', default: '3' },
  },
});
const TOTAL = Number(values.events);
const BATCH_SIZE = Number(values['batch-size']);
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BOOTSTRAP = process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
const TOKEN = 'bench-admin-token-0123456789abcdef';
const START = Date.parse('2026-10-01T00:00:00Z');
const SPAN = 30 * 86_400_000;
const silent = pino({ level: 'silent' });
const suffix = Date.now().toString(36);

function rows(n: number, appId: string): ValidatedEvent[] {
  const validate = createIngestPipeline();
  const out: ValidatedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const r = validate(benchEvent(i, appId, START, SPAN), { receivedAtMs: Date.now() });
    if (r.ok) out.push(r.event);
  }
  return out;
}

/** the raw engine's insert rate, and the CPU its inserts cost, µs an event */
async function rawEngine(events: readonly ValidatedEvent[]): Promise<{ rate: number; cpuUs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-kraw-'));
  const conn = openStore({ kind: 'embedded' }, dir);
  await migrate(conn);
  const buffers: Buffer[] = [];
  for (let i = 0; i < events.length; i += 50_000) buffers.push(Buffer.from(events.slice(i, i + 50_000).map((e) => e.row).join('\n') + '\n'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const b of buffers) await conn.insertJsonEachRow('events', b);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await conn.close();
  rmSync(dir, { recursive: true, force: true });
  return { rate: events.length / seconds, cpuUs: (cpu.user + cpu.system) / events.length };
}

/** Worker run into a fresh embedded store; `onCommitted` sees every committed submission. */
async function withWorker<T>(topic: string, groupId: string, fn: (committed: () => number, latencies: number[]) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-kworker-'));
  const store = openStore({ kind: 'embedded' }, dir);
  await migrate(store);
  const metrics = createMetrics();
  const batcher = createBatcher({ store, batchSize: BATCH_SIZE, flushIntervalMs: 100, queueMaxEvents: 400_000, queueMaxBytes: 512 * 1024 * 1024, metrics: metrics.batcher });
  let committed = 0;
  const latencies: number[] = [];
  // end-to-end latency: from each row's received_at (the ingest node's receive time) to the commit
  const timing = {
    async submit(events: readonly ValidatedEvent[]) {
      const receipt = await batcher.submit(events);
      const now = Date.now();
      committed += events.length;
      for (let i = 0; i < events.length; i += 10) {
        const m = /"received_at":"([^"]+)"/.exec(events[i].row);
        if (m) latencies.push(now - Date.parse(`${m[1].replace(' ', 'T')}Z`));
      }
      return receipt;
    },
  };
  const config = loadConfig({ KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, KAFKA_TOPIC: topic, KAFKA_GROUP_ID: groupId, BATCH_SIZE: String(BATCH_SIZE) });
  const apps = createAppRegistry(store);
  const worker = await startKafkaWorker({
    kafka: config.kafka,
    registry: metrics.registry,
    logger: silent,
    sink: timing,
    pipeline: createIngestPipeline({ appExists: (id) => apps.has(id) }),
    apps,
    batchSize: BATCH_SIZE,
    flushIntervalMs: 100,
  });
  try {
    return await fn(() => committed, latencies);
  } finally {
    await worker.close();
    await batcher.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntil(fn: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function httpLoad(url: string, bodies: Uint8Array<ArrayBuffer>[], clients: number, ratePerSecond?: number) {
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  const interval = ratePerSecond ? (1000 * 500) / ratePerSecond : 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= bodies.length) return;
        if (interval) {
          const wait = t0 + i * interval - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const s = performance.now();
        const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: bodies[i] });
        const body = (await res.json()) as { accepted: number };
        if (res.status !== 200) throw new Error(`HTTP ${res.status} ${JSON.stringify(body)}`);
        latencies.push(performance.now() - s);
        accepted += body.accepted;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: accepted / ((performance.now() - t0) / 1000), accepted, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function bodies(n: number, appId: string): Uint8Array<ArrayBuffer>[] {
  const encoder = new TextEncoder();
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < n; i += 500) {
    const events = [];
    for (let j = i; j < Math.min(n, i + 500); j++) events.push(benchEvent(j, appId, START, SPAN));
    out.push(encoder.encode(JSON.stringify({ events })));
  }
  return out;
}

const round = (x: number, d = 1) => Number(x.toFixed(d));

async function main() {
  process.stderr.write(`bench/kafka: ${TOTAL} events, BATCH_SIZE ${BATCH_SIZE}, broker ${BOOTSTRAP}\n`);
  const events = rows(TOTAL, 'bench');
  const { rate: raw, cpuUs: rawCpuUs } = await rawEngine(events);
  process.stderr.write(`raw engine: ${Math.round(raw)} events/s, ${rawCpuUs.toFixed(1)} µs of CPU an event\n`);

  const admin = new Admin({ clientId: 'bench', bootstrapBrokers: BOOTSTRAP.split(',') });
  const topic = `tally-bench-${suffix}`;
  const e2eTopic = `tally-bench-e2e-${suffix}`;
  await admin.createTopics({ topics: [topic, e2eTopic], partitions: Number(values.partitions), replicas: 1 });
  try {
    // 2. fill the topic the way ingest nodes do, then time the worker draining it
    const config = loadConfig({ KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, KAFKA_TOPIC: topic });
    const producer = createEventProducer(config.kafka, 'bench');
    const p0 = performance.now();
    for (let i = 0; i < events.length; i += 2000) await producer.send({ messages: events.slice(i, i + 2000).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
    const produceRate = events.length / ((performance.now() - p0) / 1000);
    await producer.close();
    process.stderr.write(`produced ${events.length} rows at ${Math.round(produceRate)} events/s (one producer, acks=all)\n`);
    // the worker runs in this process: its CPU (every thread, the engine's included) per event
    // varies less between runs than its rate on a shared machine
    let workerCpuUs = 0;
    const worker = await withWorker(topic, `bench-${suffix}`, async (committed) => {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await waitUntil(() => committed() >= TOTAL, 300_000);
      const cpu = process.cpuUsage(cpu0);
      workerCpuUs = (cpu.user + cpu.system) / TOTAL;
      return TOTAL / ((performance.now() - t0) / 1000);
    });
    process.stderr.write(`worker: ${Math.round(worker)} events/s (${round(worker / raw, 3)}x the raw engine), ${workerCpuUs.toFixed(1)} µs of CPU an event\n`);

    // 3 + 4. a real ingest node (no in-process consumer) and the worker here
    const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-kserve-'));
    const server = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: TOKEN, TALLY_INGEST: 'kafka', TALLY_KAFKA_WORKER: 'off', KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, KAFKA_TOPIC: e2eTopic, TALLY_LOG_LEVEL: 'warn' });
    try {
      for (const app of ['full', 'steady']) {
        const res = await fetch(`${server.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: app }) });
        if (res.status !== 201) throw new Error(await res.text());
      }
      const full = await httpLoad(server.url, bodies(Math.min(TOTAL, 200_000), 'full'), CLIENTS);
      process.stderr.write(`HTTP → Kafka: ${Math.round(full.eventsPerSecond)} events/s, ack p50 ${full.p50.toFixed(1)} ms, p99 ${full.p99.toFixed(1)} ms\n`);
      const steadyCount = RATE * SECONDS;
      const e2e = await withWorker(e2eTopic, `bench-e2e-${suffix}`, async (committed, latencies) => {
        // the full-load events are on the topic too: drain them first, then measure the steady load
        await waitUntil(() => committed() >= full.accepted, 120_000);
        latencies.length = 0;
        const steady = await httpLoad(server.url, bodies(steadyCount, 'steady'), CLIENTS, RATE);
        await waitUntil(() => committed() >= full.accepted + steadyCount, 60_000);
        latencies.sort((a, b) => a - b);
        return { steady, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
      });
      process.stderr.write(`end to end at ${RATE} events/s: p50 ${e2e.p50} ms, p99 ${e2e.p99} ms (HTTP ack p50 ${e2e.steady.p50.toFixed(1)} ms)\n`);
      console.log(
        JSON.stringify(
          {
            events: TOTAL,
            batch_size: BATCH_SIZE,
            partitions: Number(values.partitions),
            compression: config.kafka.compression,
            raw_engine_events_per_s: Math.round(raw),
            raw_engine_cpu_us_per_event: round(rawCpuUs),
            worker_events_per_s: Math.round(worker),
            worker_cpu_us_per_event: round(workerCpuUs),
            ratio_worker_to_raw: round(worker / raw, 3),
            produce_events_per_s: Math.round(produceRate),
            http_to_kafka_events_per_s: Math.round(full.eventsPerSecond),
            http_to_kafka_ack_ms: { p50: round(full.p50), p99: round(full.p99) },
            end_to_end: { rate_events_per_s: RATE, seconds: SECONDS, http_ack_ms: { p50: round(e2e.steady.p50), p99: round(e2e.steady.p99) }, http_to_stored_ms: { p50: e2e.p50, p99: e2e.p99 } },
          },
          null,
          2,
        ),
      );
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await admin.deleteTopics({ topics: [topic, e2eTopic] }).catch(() => {});
    await admin.close();
  }
}

await main();
