import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { sleep, startBatchServer, waitFor } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'

test('server down, events queue; server back up, every event is stored exactly once', async (t) => {
  const server = await startBatchServer(t)
  await server.down()
  const { client, errors } = testClient(t, server, { flushAt: 5, flushIntervalMs: 50 })
  for (let i = 0; i < 23; i++) {
    client.track('view', { i })
    if (i % 5 === 0) await sleep(10)
  }
  await sleep(300)
  assert.equal(client.stats().queuedEvents, 23, 'nothing acknowledged, nothing lost')
  assert.ok(errors.length >= 2 && errors.every((error) => error.code === 'network_error' && error.canRetry))

  await server.up()
  await waitFor(() => client.stats().queuedEvents === 0, 'queue drained')
  assert.equal(server.stored.size, 23)
  assert.equal(server.duplicates, 0)
  const values = [...server.stored.values()].map((event) => (event.properties as { i: number }).i).sort((a, b) => a - b)
  assert.deepEqual(values, Array.from({ length: 23 }, (_, i) => i))
})

test('a response lost after the server stored the batch: the retry is a duplicate, counted once', async (t) => {
  const server = await startBatchServer(t)
  server.script.push('lose-response')
  const { client } = testClient(t, server)
  for (let i = 0; i < 5; i++) client.track('purchase', { i })
  await client.flush()
  await waitFor(() => client.stats().queuedEvents === 0, 'retry delivered')
  assert.equal(server.requests.length, 2)
  assert.deepEqual(server.requests[1].eventIds, server.requests[0].eventIds, 'the retry carries the same event ids')
  assert.equal(server.stored.size, 5)
  assert.equal(server.duplicates, 5)
})

test('a request that never gets an answer times out and is retried', async (t) => {
  const server = await startBatchServer(t)
  server.script.push('hang')
  const { client, errors } = testClient(t, server, { requestTimeoutMs: 150 })
  client.track('view')
  await client.flush()
  assert.equal(errors[0]?.code, 'network_error')
  assert.match(errors[0].message, /no answer within 150 ms/)
  await waitFor(() => server.stored.size === 1, 'retry delivered')
})

describe('Retry-After is honoured: nothing is sent before it passes, not even on flush()', { concurrency: true }, () => {
  for (const status of [429, 503]) {
    test(`${status} with Retry-After: 1`, async (t) => {
      const server = await startBatchServer(t)
      server.script.push({ status, retryAfter: '1' })
      const { client, errors } = testClient(t, server, { retryBaseDelayMs: 1, maxRetryDelayMs: 10 })
      client.track('view')
      await client.flush()
      assert.equal(errors[0].code, status === 429 ? 'rate_limited' : 'unavailable')
      assert.equal(errors[0].retryInMs, 1000)
      await sleep(300)
      await client.flush()
      assert.equal(server.requests.length, 1, 'flush() during Retry-After sends nothing')
      await waitFor(() => server.stored.size === 1, 'retry delivered')
      const waitedMs = server.requests[1].atMs - server.requests[0].atMs
      assert.ok(waitedMs >= 1000, `retried after ${waitedMs} ms`)
      assert.ok(waitedMs < 1500, `retried after ${waitedMs} ms`)
    })
  }
})

test('5xx answers are retried with exponential backoff and full jitter, capped at maxRetryDelayMs', async (t) => {
  const server = await startBatchServer(t)
  for (let i = 0; i < 6; i++) server.script.push({ status: 500 })
  const { client, errors } = testClient(t, server, { retryBaseDelayMs: 20, maxRetryDelayMs: 80 })
  client.track('view')
  await client.flush()
  await waitFor(() => server.stored.size === 1, 'delivered after 6 failures')
  assert.equal(server.requests.length, 7)
  assert.deepEqual(errors.map((error) => error.code), Array(6).fill('server_error'))
  const toleranceMs = 40
  errors.forEach((error, index) => {
    const boundMs = Math.min(80, 20 * 2 ** index)
    assert.ok(error.retryInMs !== undefined && error.retryInMs >= 0 && error.retryInMs < boundMs, `wait ${error.retryInMs} vs bound ${boundMs}`)
    const gapMs = server.requests[index + 1].atMs - server.requests[index].atMs
    assert.ok(gapMs >= error.retryInMs - 2 && gapMs <= error.retryInMs + toleranceMs, `gap ${gapMs} ms for a wait of ${error.retryInMs} ms`)
  })
  assert.equal(server.duplicates, 0)
})

test('413 splits the batch in half until the halves fit; every event is stored once', async (t) => {
  const server = await startBatchServer(t, { maxEventsPerRequest: 4 })
  const { client, errors } = testClient(t, server)
  for (let i = 0; i < 10; i++) client.track('view', { i })
  await client.flush()
  assert.deepEqual(server.requests.map((request) => [request.eventIds.length, request.status]),
    [[10, 413], [5, 413], [3, 200], [3, 200], [3, 200], [1, 200]])
  assert.equal(server.stored.size, 10)
  assert.equal(errors.length, 0)
})

test('a single event over the size limit is dropped and reported; the others are delivered', async (t) => {
  const server = await startBatchServer(t, { maxBodyBytes: 2000 })
  const { client, errors } = testClient(t, server)
  client.track('small', { n: 1 })
  client.track('huge', { blob: 'x'.repeat(3000) })
  client.track('small', { n: 2 })
  await client.flush()
  assert.deepEqual(server.storedNames(), ['small', 'small'])
  assert.equal(errors.length, 1)
  assert.equal(errors[0].code, 'payload_too_large')
  assert.equal(errors[0].canRetry, false)
  assert.deepEqual(client.stats(), { queuedEvents: 0, deliveredEvents: 2, rejectedEvents: 0, failedEvents: 1, droppedEvents: 0 })
})

test('events the server rejects are dropped, reported to onRejected and never retried', async (t) => {
  const server = await startBatchServer(t)
  server.reject((event) => (event.properties as { bad?: boolean }).bad === true
    ? { code: 'TALLY_ERR_INGEST_SCHEMA_MISMATCH', message: 'revenue must be a number' }
    : undefined)
  const { client, rejections } = testClient(t, server)
  client.track('purchase', { bad: false })
  client.track('purchase', { bad: true })
  client.track('purchase', { bad: false })
  await client.flush()
  await sleep(100)
  assert.equal(server.requests.length, 1)
  assert.equal(server.stored.size, 2)
  assert.equal(rejections.length, 1)
  assert.equal(rejections[0].code, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH')
  assert.deepEqual(rejections[0].event.properties, { bad: true })
  assert.equal(client.stats().rejectedEvents, 1)
  assert.equal(client.stats().queuedEvents, 0)
})

describe('400, 401 and 403 drop the batch without retrying it', () => {
  const cases = [
    { status: 400, code: 'bad_request', setup: (server: Awaited<ReturnType<typeof startBatchServer>>) => server.script.push({ status: 400 }) },
    { status: 401, code: 'unauthorized', writeKey: 'wk_wrong' },
    { status: 403, code: 'forbidden', setup: (server: Awaited<ReturnType<typeof startBatchServer>>) => server.script.push({ status: 403 }) }
  ]
  for (const { status, code, writeKey, setup } of cases) {
    test(`HTTP ${status} → ${code}`, async (t) => {
      const server = await startBatchServer(t)
      setup?.(server)
      const { client, errors } = testClient(t, server, writeKey === undefined ? {} : { writeKey })
      client.track('a')
      client.track('b')
      await client.flush()
      await sleep(100)
      assert.equal(server.requests.length, 1)
      assert.equal(errors.length, 1)
      assert.equal(errors[0].code, code)
      assert.equal(errors[0].status, status)
      assert.equal(errors[0].canRetry, false)
      assert.deepEqual(client.stats(), { queuedEvents: 0, deliveredEvents: 0, rejectedEvents: 0, failedEvents: 2, droppedEvents: 0 })
    })
  }
})

test('a full queue drops the oldest events, counts them and reports the overflow once', async (t) => {
  const server = await startBatchServer(t)
  await server.down()
  const { client, errors } = testClient(t, server, { maxQueueEvents: 5 })
  for (let i = 0; i < 8; i++) client.track(`e${i}`)
  assert.equal(client.stats().droppedEvents, 3)
  assert.equal(client.stats().queuedEvents, 5)
  assert.deepEqual(errors.map((error) => error.code), ['queue_overflow'])
  await server.up()
  await client.flush()
  assert.deepEqual(server.storedNames(), ['e3', 'e4', 'e5', 'e6', 'e7'])
})
