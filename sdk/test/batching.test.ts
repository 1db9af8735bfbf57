import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sleep, startBatchServer, waitFor } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'

test('a full batch (flushAt events) is sent at once, fewer wait for the timer', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server, { flushAt: 5 })
  for (let i = 0; i < 5; i++) client.track('view', { i })
  await waitFor(() => server.stored.size === 5, '5 events stored')
  assert.equal(server.requests.length, 1)
  assert.equal(server.requests[0].eventIds.length, 5)

  for (let i = 0; i < 4; i++) client.track('view', { i })
  await sleep(150)
  assert.equal(server.requests.length, 1, 'a partial batch is not sent before the interval')
  assert.equal(client.stats().queuedEvents, 4)
})

test('a partial batch is sent flushIntervalMs after its first event', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server, { flushAt: 100, flushIntervalMs: 200 })
  const startedAt = Date.now()
  client.track('view')
  await sleep(50)
  client.track('click')
  await waitFor(() => server.stored.size === 2, '2 events stored')
  const elapsed = server.requests[0].atMs - startedAt
  assert.ok(elapsed >= 190 && elapsed < 600, `sent after ${elapsed} ms`)
  assert.equal(server.requests.length, 1, 'both events went in one request')
})

test('events go out as POST /v1/batch with the write key, JSON, and only the contract fields', async (t) => {
  const server = await startBatchServer(t)
  const { client, rejections } = testClient(t, server, { context: { app_version: '1.2.3' } })
  client.track('purchase', { revenue: 19.99, variant: 'B' }, {
    timestamp: new Date('2026-02-02T12:00:00.000Z'),
    context: { locale: 'de-DE' }
  })
  await client.flush()
  const [request] = server.requests
  assert.equal(request.headers.authorization, `Bearer ${server.writeKey}`)
  assert.equal(request.headers['content-type'], 'application/json')
  assert.equal(rejections.length, 0)
  const [event] = [...server.stored.values()]
  assert.deepEqual(Object.keys(event), ['event_id', 'app_id', 'event_name', 'anonymous_id', 'session_id', 'timestamp', 'properties', 'context'])
  assert.equal(event.app_id, 'app_test')
  assert.equal(event.event_name, 'purchase')
  assert.equal(event.timestamp, '2026-02-02T12:00:00.000Z')
  assert.deepEqual(event.properties, { revenue: 19.99, variant: 'B' })
  assert.deepEqual(event.context, { app_version: '1.2.3', locale: 'de-DE' })
  assert.match(event.event_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/)
})

test('properties are copied at track time: later changes by the app do not leak into the event', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  const properties = { step: 1 }
  client.track('answer', properties)
  properties.step = 2
  await client.flush()
  assert.deepEqual([...server.stored.values()][0].properties, { step: 1 })
})

test('only one request is in flight at a time, and batches keep track order', async (t) => {
  const server = await startBatchServer(t, { delayMs: 30 })
  const { client } = testClient(t, server, { flushAt: 3, maxBatchEvents: 3 })
  for (let i = 0; i < 20; i++) {
    client.track('view', { i })
    if (i % 4 === 0) await sleep(5)
  }
  await client.flush()
  assert.equal(server.stored.size, 20)
  assert.equal(server.maxConcurrent, 1)
  const order = server.requests.flatMap((request) => request.eventIds).map((id) => server.stored.get(id)?.properties)
  assert.deepEqual(order, Array.from({ length: 20 }, (_, i) => ({ i })))
  assert.ok(server.requests.every((request) => request.eventIds.length <= 3))
})

test('flush() sends everything queued and resolves once the server acknowledged it', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server, { maxBatchEvents: 40 })
  for (let i = 0; i < 100; i++) client.track('view')
  await client.flush()
  assert.equal(server.stored.size, 100)
  assert.deepEqual(server.requests.map((request) => request.eventIds.length), [40, 40, 20])
  assert.deepEqual(client.stats(), { queuedEvents: 0, deliveredEvents: 100, rejectedEvents: 0, failedEvents: 0, droppedEvents: 0 })
})

test('shutdown() flushes, then ignores further calls', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  client.track('a')
  client.track('b')
  await client.shutdown()
  assert.deepEqual(server.storedNames().sort(), ['a', 'b'])
  client.track('after shutdown')
  await client.flush()
  await client.shutdown()
  await sleep(50)
  assert.equal(server.stored.size, 2)
  assert.equal(server.requests.length, 1)
})

test('invalid calls throw at the call site and queue nothing', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  const bad: [string, () => void][] = [
    ['empty name', () => client.track('')],
    ['name not a string', () => client.track(42 as unknown as string)],
    ['properties an array', () => client.track('x', [1] as unknown as Record<string, never>)],
    ['cyclic properties', () => { const p: Record<string, unknown> = {}; p.self = p; client.track('x', p as never) }],
    ['bad timestamp', () => client.track('x', {}, { timestamp: 'yesterday' })],
    ['empty user id', () => client.identify('')]
  ]
  for (const [what, call] of bad) assert.throws(call, TypeError, what)
  assert.equal(client.stats().queuedEvents, 0)
  assert.equal(client.getSessionId(), undefined, 'a failed track does not start a session')
})
