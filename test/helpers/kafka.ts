// Test helpers for the real Kafka broker: random topic and group names, topics removed after the
// test, reading a topic from the start, and a private cluster on other ports (for broker restarts
// and the three-node cluster) on random free ports that never touches the default broker on 9092.

import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Admin, Consumer, MessagesStreamFallbackModes, MessagesStreamModes, stringDeserializers, type Message } from '@platformatic/kafka';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

export const BOOTSTRAP = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()).filter(Boolean);

export function randomName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

type Hooks = Pick<TestContext, 'after'>;

/** Creates topics (and their `.dlq`) and deletes them after the test. */
export async function createTopics(t: Hooks, topics: readonly string[], options: { partitions?: number; replicas?: number; brokers?: readonly string[] } = {}): Promise<void> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [...(options.brokers ?? BOOTSTRAP)], timeout: 10_000, retries: 5, retryDelay: 250 });
  const all = topics.flatMap((topic) => [topic, `${topic}.dlq`]);
  await admin.createTopics({ topics: all, partitions: options.partitions ?? 3, replicas: options.replicas ?? 1 });
  t.after(async () => {
    await Promise.race([admin.deleteTopics({ topics: all }).catch(() => {}), sleep(10_000, undefined, { ref: false })]);
    await admin.close().catch(() => {});
  });
}

/** Reads `count` messages of a topic from its start (a fresh group), or fails after `timeoutMs`. */
export async function readTopic(topic: string, count: number, timeoutMs = 20_000, brokers: readonly string[] = BOOTSTRAP): Promise<Message<string, string, string, string>[]> {
  const consumer = new Consumer({
    clientId: 'test-reader',
    groupId: randomName('test-reader'),
    bootstrapBrokers: [...brokers],
    deserializers: stringDeserializers,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTime: 200,
  });
  const out: Message<string, string, string, string>[] = [];
  const stream = await consumer.consume({ topics: [topic], autocommit: false, mode: MessagesStreamModes.EARLIEST, fallbackMode: MessagesStreamFallbackModes.EARLIEST });
  const timer = setTimeout(() => void stream.close(), timeoutMs);
  try {
    for await (const m of stream) {
      out.push(m);
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close().catch(() => {});
    await consumer.close(true).catch(() => {});
  }
  if (out.length < count) throw new Error(`read ${out.length} of ${count} messages from ${topic} in ${timeoutMs} ms`);
  return out;
}

/** Polls `fn` until it returns true, or fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A private cluster (1 or 3 nodes) on its own ports and state directory, via scripts/kafka. */
export interface PrivateKafka {
  readonly bootstrap: readonly string[];
  node(action: 'stop' | 'kill' | 'start' | 'restart', n: number): Promise<void>;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port whose 2 × nodes ports are free, picked at random in 20000-29990 so that two test
 * runs in one checkout (or another checkout) never share a private cluster. */
async function freeBasePort(nodes: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 10 * randomInt(0, 1000);
    let free = true;
    for (let p = base; p < base + 2 * nodes && free; p++) free = await portFree(p);
    if (free) return base;
  }
  throw new Error('no free ports for a private Kafka cluster');
}

export async function startPrivateKafka(nodes: 1 | 3): Promise<PrivateKafka> {
  const port = await freeBasePort(nodes);
  const stateDir = `.kafka-test-${port}`;
  const env = { ...process.env, KAFKA_NODES: String(nodes), KAFKA_PORT: String(port), KAFKA_STATE_DIR: stateDir };
  try {
    await run('bash', [path.join(ROOT, 'scripts/kafka/start.sh')], { env, cwd: ROOT, timeout: 150_000 });
  } catch (err) {
    await run('bash', [path.join(ROOT, 'scripts/kafka/stop.sh')], { env, cwd: ROOT, timeout: 60_000 }).catch(() => {});
    rmSync(path.join(ROOT, stateDir), { recursive: true, force: true });
    throw err;
  }
  const bootstrap = Array.from({ length: nodes }, (_, i) => `127.0.0.1:${port + 2 * i}`);
  return {
    bootstrap,
    async node(action, n) {
      await run('bash', [path.join(ROOT, 'scripts/kafka/node.sh'), action, String(n)], { env, cwd: ROOT, timeout: 150_000 });
    },
    async stop() {
      await run('bash', [path.join(ROOT, 'scripts/kafka/stop.sh')], { env, cwd: ROOT, timeout: 60_000 });
      rmSync(path.join(ROOT, stateDir), { recursive: true, force: true });
    },
  };
}
