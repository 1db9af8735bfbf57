import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep, startBatchServer } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'

test('every event carries a session_id; activity keeps the session, inactivity rolls it over', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server, { sessionTimeoutMs: 200 })
  // Eight events 40 ms apart: 280 ms in all, longer than the timeout, but never 200 ms idle.
  for (let i = 0; i < 8; i++) {
    client.track(`active${i}`)
    await sleep(40)
  }
  await sleep(250) // idle longer than the timeout
  assert.equal(client.getSessionId(), undefined, 'the session has expired')
  client.track('later')
  await client.flush()

  const sessions = new Map([...server.stored.values()].map((event) => [event.event_name, event.session_id]))
  const first = sessions.get('active0')
  assert.match(String(first), /^[0-9a-f-]{36}$/)
  for (let i = 1; i < 8; i++) assert.equal(sessions.get(`active${i}`), first)
  assert.notEqual(sessions.get('later'), first)
  assert.equal(server.stored.size, 9, 'a timeout rollover emits no extra events')
})

test('startSession() and endSession() emit session_start and session_end', async (t) => {
  const server = await startBatchServer(t)
  const { client } = testClient(t, server)
  client.startSession()
  const firstId = client.getSessionId()
  client.track('view')
  await sleep(20)
  client.startSession() // ends the running session first
  const secondId = client.getSessionId()
  client.endSession()
  assert.equal(client.getSessionId(), undefined)
  client.endSession() // no active session: nothing to end
  await client.flush()

  const events = server.requests.flatMap((request) => request.eventIds).map((id) => server.stored.get(id)!)
  assert.deepEqual(events.map((event) => [event.event_name, event.session_id]), [
    ['session_start', firstId],
    ['view', firstId],
    ['session_end', firstId],
    ['session_start', secondId],
    ['session_end', secondId]
  ])
  assert.notEqual(firstId, secondId)
  const firstEnd = events[2].properties as { duration_ms: number }
  assert.ok(firstEnd.duration_ms >= 15, `duration ${firstEnd.duration_ms} ms`)
})

test('a session survives a restart within the timeout, not after it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tally-sdk-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'tally.json')
  const server = await startBatchServer(t)

  const first = testClient(t, server, { storage: { file }, sessionTimeoutMs: 150 })
  first.client.track('view')
  const sessionId = first.client.getSessionId()
  await first.client.shutdown()

  const second = testClient(t, server, { storage: { file }, sessionTimeoutMs: 150 })
  assert.equal(second.client.getSessionId(), sessionId)
  await second.client.shutdown()
  await sleep(200)
  const third = testClient(t, server, { storage: { file }, sessionTimeoutMs: 150 })
  assert.equal(third.client.getSessionId(), undefined)
})
