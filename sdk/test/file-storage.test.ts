import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep, startBatchServer, waitFor } from './helpers/batch-server.ts'
import { testClient } from './helpers/client.ts'

async function tempFile (t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-sdk-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'state', 'tally.json')
}

test('unsent events survive a restart and are sent exactly once by the next process', async (t) => {
  const file = await tempFile(t)
  const server = await startBatchServer(t)
  await server.down()

  const first = testClient(t, server, { storage: { file } })
  for (let i = 0; i < 5; i++) first.client.track('view', { i })
  await first.client.shutdown()
  const saved = JSON.parse(await readFile(file, 'utf8')) as { queue: unknown[], anonymousId: string }
  assert.equal(saved.queue.length, 5)
  assert.equal(server.stored.size, 0)

  await server.up()
  const second = testClient(t, server, { storage: { file }, flushIntervalMs: 50 })
  assert.equal(second.client.getAnonymousId(), first.client.getAnonymousId(), 'same anonymous id after restart')
  // No track() call: what the last run left behind goes out by itself.
  await waitFor(() => server.stored.size === 5, 'restored events delivered')
  await second.client.shutdown()
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).queue, [])

  const third = testClient(t, server, { storage: { file }, flushIntervalMs: 50 })
  await third.client.flush()
  await sleep(100)
  assert.equal(server.requests.length, 1, 'nothing left to resend')
  assert.equal(server.stored.size, 5)
  assert.equal(server.duplicates, 0)
})

test('a batch whose answer was lost before a crash is re-sent after restart and counted once', async (t) => {
  const file = await tempFile(t)
  const server = await startBatchServer(t)
  server.script.push('lose-response')

  const crashed = testClient(t, server, { storage: { file } })
  for (let i = 0; i < 3; i++) crashed.client.track('purchase', { i })
  await crashed.client.shutdown() // the only request's answer is lost; the events stay saved
  assert.equal(server.stored.size, 3)
  assert.equal(JSON.parse(await readFile(file, 'utf8')).queue.length, 3)

  const restarted = testClient(t, server, { storage: { file } })
  await restarted.client.flush()
  assert.equal(server.stored.size, 3)
  assert.equal(server.duplicates, 3)
  assert.equal(restarted.client.stats().queuedEvents, 0)
})

test('state is written atomically: no temp files remain, the file is always complete JSON', async (t) => {
  const file = await tempFile(t)
  const server = await startBatchServer(t)
  await server.down()
  const { client } = testClient(t, server, { storage: { file } })
  const reads: Promise<void>[] = []
  for (let i = 0; i < 200; i++) {
    client.track('view', { i, padding: 'p'.repeat(200) })
    if (i % 10 === 0) {
      await sleep(1)
      // Concurrent readers only ever see a complete state (or none yet).
      reads.push(readFile(file, 'utf8').then((text) => { JSON.parse(text) }, (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      }))
    }
  }
  await client.shutdown()
  await Promise.all(reads)
  const saved = JSON.parse(await readFile(file, 'utf8')) as { queue: unknown[] }
  assert.equal(saved.queue.length, 200)
  const leftovers = (await readdir(join(file, '..'))).filter((name) => name.endsWith('.tmp'))
  assert.deepEqual(leftovers, [])
})

test('an unreadable state file is reported and replaced; tracking goes on', async (t) => {
  const file = await tempFile(t)
  await mkdir(join(file, '..'), { recursive: true })
  await writeFile(file, '{ not json')
  const server = await startBatchServer(t)
  const { client, errors } = testClient(t, server, { storage: { file } })
  assert.equal(errors[0]?.code, 'storage_error')
  client.track('view')
  await client.shutdown()
  assert.equal(server.stored.size, 1)
  assert.equal(JSON.parse(await readFile(file, 'utf8')).version, 1)
})
