// Smoke test of the local Kafka started by `npm run kafka:start` (scripts/kafka/start.sh).
// It needs a running broker at KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092) and fails, rather
// than skips, when there is none: a broken dev-service script must not go unnoticed. The test and its
// clean-up are bounded (40 s + 10 s), so it stays under a minute even when the cluster hangs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  Admin,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers
} from '@platformatic/kafka'

const bootstrapBrokers = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean)

const KEYS = ['user-a', 'user-b', 'user-c', 'user-d', 'user-e']
const COUNT = 100

test('local Kafka: create topic, produce 100 with acks=all, consume them in order, commit', { timeout: 40_000 }, async t => {
  const suffix = randomUUID()
  const topic = `dev-services-${suffix}`
  const groupId = `dev-services-group-${suffix}`
  // Fail fast when nothing listens, instead of retrying for the whole test timeout.
  const clientBase = { bootstrapBrokers, timeout: 10_000, retries: 2, retryDelay: 250 }

  // Constructors do not connect; creating all clients first lets one hook clean up after any failure.
  const admin = new Admin({ ...clientBase, clientId: 'dev-services-admin' })
  const producer = new Producer({
    ...clientBase,
    clientId: 'dev-services-producer',
    serializers: stringSerializers
  })
  const consumer = new Consumer({
    ...clientBase,
    clientId: 'dev-services-consumer',
    groupId,
    deserializers: stringDeserializers,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTime: 500
  })
  t.after(async () => {
    await consumer.close(true).catch(() => {})
    await producer.close().catch(() => {})
    // Bounded: on a broken cluster deleteTopics retries for minutes; close() aborts it.
    await Promise.race([
      admin.deleteTopics({ topics: [topic] }).catch(() => {}),
      sleep(10_000, undefined, { ref: false }) // unref'd: must not keep the process alive
    ])
    await admin.close().catch(() => {})
  })

  // The broker's metadata answers: it is reachable, and KRaft has elected a controller.
  let cluster: Awaited<ReturnType<typeof admin.metadata>>
  try {
    cluster = await admin.metadata({ topics: [] })
  } catch (cause) {
    throw new Error(
      `no Kafka broker answers at ${bootstrapBrokers.join(',')}: start one with \`npm run kafka:start\` ` +
        '(or set KAFKA_BOOTSTRAP_SERVERS)',
      { cause }
    )
  }
  assert.ok(cluster.brokers.size >= 1, 'the cluster lists at least one broker')
  // 3 on the three-node cluster (2 while a node is down), 1 on a single node.
  const replicas = Math.min(3, cluster.brokers.size)

  await admin.createTopics({ topics: [topic], partitions: 3, replicas })
  const meta = await admin.metadata({ topics: [topic] })
  assert.equal(meta.topics.get(topic)?.partitionsCount, 3)

  // Produce 100 keyed messages, acks=all; per key, `seq` increases.
  const sent = new Map<string, number[]>()
  const messages = Array.from({ length: COUNT }, (_, i) => {
    const key = KEYS[i % KEYS.length]
    const list = sent.get(key) ?? []
    list.push(i)
    sent.set(key, list)
    return { topic, key, value: JSON.stringify({ seq: i, key }) }
  })
  // Several requests, so that ordering across batches is exercised too.
  for (let i = 0; i < COUNT; i += 25) {
    const result = await producer.send({ messages: messages.slice(i, i + 25), acks: ProduceAcks.ALL })
    assert.ok((result.offsets?.length ?? 0) > 0, 'the broker acknowledged the batch')
  }

  // Consume from the committed offsets of a brand-new group, falling back to the earliest.
  const stream = await consumer.consume({
    topics: [topic],
    autocommit: false,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamFallbackModes.EARLIEST
  })

  const received = new Map<string, number[]>()
  const seen = new Set<number>()
  let total = 0
  for await (const message of stream) {
    assert.equal(message.topic, topic)
    const body = JSON.parse(message.value) as { seq: number; key: string }
    assert.equal(body.key, message.key)
    assert.equal(typeof message.offset, 'bigint')
    total++
    // delivery is at least once: a rebalance while the new group settles may hand a partition
    // back from its committed offset, so a message can come twice; count each once
    if (!seen.has(body.seq)) {
      const list = received.get(message.key) ?? []
      list.push(body.seq)
      received.set(message.key, list)
      seen.add(body.seq)
    }
    await message.commit()
    if (seen.size === COUNT) break
  }
  await stream.close()

  assert.equal(seen.size, COUNT, 'all 100 messages arrived')
  assert.ok(total >= COUNT)
  assert.deepEqual([...received.keys()].sort(), [...KEYS].sort())
  for (const key of KEYS) {
    assert.deepEqual(received.get(key), sent.get(key), `messages of ${key} arrive in produce order`)
  }

  // The commits reached the group coordinator. (Exact offset bookkeeping is the worker's fault
  // tests' job; here a redelivered message may commit again while the group settles.)
  const committed = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [0, 1, 2] }] })
  const offsets = committed.get(topic) ?? []
  assert.ok(offsets.some((o) => o > 0n), `committed offsets ${offsets.join(',')} reached the coordinator`)
})
