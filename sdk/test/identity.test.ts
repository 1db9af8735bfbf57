import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBatchServer } from './helpers/batch-server.ts'
import type { WireEvent } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function byName (events: Map<string, WireEvent>, name: string): WireEvent {
  const found = [...events.values()].find((event) => event.event_name === name)
  assert.ok(found, `event ${name} stored`)
  return found
}

test('before identify() events carry anonymous_id; after it, user_id instead', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  const anonymousId = client.getAnonymousId()
  assert.match(anonymousId, UUID)
  client.track('landing')
  client.identify('u_42')
  client.track('purchase')
  await client.flush()

  const landing = byName(server.stored, 'landing')
  assert.equal(landing.anonymous_id, anonymousId)
  assert.equal('user_id' in landing, false)
  const purchase = byName(server.stored, 'purchase')
  assert.equal(purchase.user_id, 'u_42')
  assert.equal('anonymous_id' in purchase, false)
  assert.equal(client.getUserId(), 'u_42')
})

test('reset() forgets the user: a new anonymous id and a new session', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  client.identify('u_1')
  client.track('before')
  const firstAnonymousId = client.getAnonymousId()
  const firstSessionId = client.getSessionId()
  client.reset()
  client.track('after')
  await client.flush()

  assert.equal(client.getUserId(), undefined)
  assert.notEqual(client.getAnonymousId(), firstAnonymousId)
  const after = byName(server.stored, 'after')
  assert.equal(after.anonymous_id, client.getAnonymousId())
  assert.equal('user_id' in after, false)
  assert.notEqual(after.session_id, firstSessionId)
})

test('the anonymous id and the user id persist in storage; memory storage starts fresh each time', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tally-sdk-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'tally.json')
  const server = await startBatchServer(t)

  const first = testClient(t, server, { storage: { file } })
  const anonymousId = first.client.getAnonymousId()
  await first.client.shutdown()
  const second = testClient(t, server, { storage: { file } })
  assert.equal(second.client.getAnonymousId(), anonymousId)
  second.client.identify('u_7')
  await second.client.shutdown()
  const third = testClient(t, server, { storage: { file } })
  assert.equal(third.client.getUserId(), 'u_7')

  const memoryA = testClient(t, server)
  const memoryB = testClient(t, server)
  assert.notEqual(memoryA.client.getAnonymousId(), memoryB.client.getAnonymousId())
})
