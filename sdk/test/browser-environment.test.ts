// The SDK's browser paths (localStorage, page lifecycle, keepalive) exercised in Node with a
// stand-in document, window and localStorage installed on globalThis for each test and removed
// after it. The real-browser run loads dist/ in Chromium elsewhere; this suite checks the logic.

import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { startBatchServer, waitFor } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'
import { chunkForKeepalive, KEEPALIVE_BUDGET_BYTES } from '../src/keepalive.ts'
import type { TallyEvent } from '../src/index.ts'

class MemoryLocalStorage {
  items = new Map<string, string>()
  quotaBytes = Infinity
  get length (): number { return this.items.size }
  key (index: number): string | null { return [...this.items.keys()][index] ?? null }
  getItem (key: string): string | null { return this.items.get(key) ?? null }
  setItem (key: string, value: string): void {
    if (value.length > this.quotaBytes) throw new DOMException('quota exceeded', 'QuotaExceededError')
    this.items.set(key, String(value))
  }

  removeItem (key: string): void { this.items.delete(key) }
  clear (): void { this.items.clear() }
}

type FakePage = { document: EventTarget & { visibilityState: string }, window: EventTarget, localStorage: MemoryLocalStorage }

function installPage (t: TestContext): FakePage {
  const scope = globalThis as unknown as Record<string, unknown>
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' })
  const window = new EventTarget()
  const localStorage = new MemoryLocalStorage()
  const installed: Record<string, unknown> = {
    document,
    localStorage,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window)
  }
  for (const [key, value] of Object.entries(installed)) {
    Object.defineProperty(scope, key, { value, configurable: true, writable: true })
  }
  t.after(() => {
    for (const key of Object.keys(installed)) Reflect.deleteProperty(scope, key)
  })
  return { document, window, localStorage }
}

function hidePage (page: FakePage): void {
  page.document.visibilityState = 'hidden'
  page.document.dispatchEvent(new Event('visibilitychange'))
}

test('in a browser, storage "auto" keeps queue and anonymous id in localStorage across a reload', async (t) => {
  const page = installPage(t)
  const server = await startBatchServer(t)
  await server.down()
  const before = testClient(t, server, { storage: 'auto' })
  for (let i = 0; i < 3; i++) before.client.track('view', { i })
  await before.client.shutdown()
  const saved = JSON.parse(page.localStorage.getItem('tally:app_test') ?? 'null') as { queue: unknown[], anonymousId: string }
  assert.equal(saved.queue.length, 3)
  assert.equal(saved.anonymousId, before.client.getAnonymousId())

  await server.up()
  const afterReload = testClient(t, server, { storage: 'auto' })
  assert.equal(afterReload.client.getAnonymousId(), before.client.getAnonymousId())
  await afterReload.client.flush()
  assert.equal(server.stored.size, 3)
  assert.equal(server.duplicates, 0)
})

test('a full localStorage is reported; events are still delivered from memory', async (t) => {
  const page = installPage(t)
  const server = await startBatchServer(t)
  const { client, errors } = testClient(t, server, { storage: 'localStorage' })
  page.localStorage.quotaBytes = 10
  client.track('view')
  await client.flush()
  assert.equal(server.stored.size, 1)
  assert.ok(errors.some((error) => error.code === 'storage_error'))
})

test('events carry the browser user agent in their context', async (t) => {
  installPage(t)
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  client.track('view')
  await client.flush()
  const [event] = [...server.stored.values()]
  assert.deepEqual(event.context, { user_agent: globalThis.navigator.userAgent })
})

test('page hidden: the queue leaves in keepalive requests with the write key, within the 64 KiB budget', async (t) => {
  const page = installPage(t)
  const server = await startBatchServer(t)
  const calls: RequestInit[] = []
  const { client } = testClient(t, server, {
    fetch: (url, init) => {
      calls.push(init)
      return globalThis.fetch(url, init)
    }
  })
  for (let i = 0; i < 300; i++) client.track('view', { i, text: 'x'.repeat(400) })
  hidePage(page)
  page.window.dispatchEvent(new Event('pagehide')) // both fire on a real unload

  const bodies = calls.map((call) => Buffer.byteLength(String(call.body)))
  assert.ok(calls.length >= 2, 'the budget is cut into chunks')
  for (const call of calls) {
    assert.equal(call.keepalive, true)
    assert.equal((call.headers as Record<string, string>).authorization, `Bearer ${server.writeKey}`)
  }
  assert.ok(bodies.every((bytes) => bytes < 64 * 1024), `chunk sizes ${bodies.join(', ')}`)
  assert.ok(bodies.reduce((sum, bytes) => sum + bytes, 0) <= 64 * 1024, 'total in flight within 64 KiB')
  await waitFor(() => server.requests.length === calls.length, 'keepalive requests answered')
  const sentIds = server.requests.flatMap((request) => request.eventIds)
  assert.equal(new Set(sentIds).size, sentIds.length, 'no event in two keepalive requests')
  assert.equal(server.stored.size, sentIds.length)
  assert.ok(sentIds.length > 50 && sentIds.length < 300, `${sentIds.length} events fit the budget`)

  // The page stayed (e.g. a tab switch): acknowledged events left the queue, the rest goes normally.
  await waitFor(() => client.stats().queuedEvents === 300 - server.stored.size, 'keepalive answers applied')
  await client.flush()
  assert.equal(server.stored.size, 300)
  assert.equal(server.duplicates, 0)
})

test('coming back online ends a backoff wait at once', async (t) => {
  const page = installPage(t)
  const server = await startBatchServer(t)
  server.script.push({ status: 502 })
  const { client } = testClient(t, server, { retryBaseDelayMs: 30_000, maxRetryDelayMs: 30_000 })
  client.track('view')
  await client.flush()
  assert.equal(server.stored.size, 0)
  page.window.dispatchEvent(new Event('online'))
  await waitFor(() => server.stored.size === 1, 'sent after online')
})

test('keepalive chunks keep event order, stay under the chunk size and the total budget', () => {
  const events = Array.from({ length: 400 }, (_, i): TallyEvent => ({
    event_id: `id-${i}`,
    app_id: 'a',
    event_name: 'view',
    anonymous_id: 'x',
    session_id: 's',
    timestamp: '2026-01-01T00:00:00.000Z',
    properties: { text: 'y'.repeat(i === 7 ? 70_000 : 300) }
  }))
  const chunks = chunkForKeepalive(events, KEEPALIVE_BUDGET_BYTES, 16 * 1024)
  const ids = chunks.flatMap((chunk) => chunk.events.map((event) => event.event_id))
  assert.ok(!ids.includes('id-7'), 'an event larger than any chunk is left for a normal request')
  assert.deepEqual(ids, events.map((event) => event.event_id).filter((id) => id !== 'id-7').slice(0, ids.length))
  for (const chunk of chunks) {
    assert.equal(chunk.bytes, Buffer.byteLength(JSON.stringify({ events: chunk.events })))
    assert.ok(chunk.bytes <= 16 * 1024)
  }
  assert.ok(chunks.reduce((sum, chunk) => sum + chunk.bytes, 0) <= KEEPALIVE_BUDGET_BYTES)
  assert.ok(chunks.length >= 3)
  assert.deepEqual(chunkForKeepalive(events, 10), [])
})
