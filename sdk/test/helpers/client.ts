// Creates SDK clients wired to a test server with fast, test-friendly timings; every client is
// shut down when its test ends so no timer outlives the test.

import type { TestContext } from 'node:test'
import type { TallyClient, TallyError, TallyOptions, RejectedEvent } from '../../src/index.ts'
import { init } from '../../src/index.ts'
import type { BatchServer } from './batch-server.ts'

export type TestClient = {
  client: TallyClient
  errors: TallyError[]
  rejections: RejectedEvent[]
}

export function testClient (t: TestContext, server: BatchServer, overrides: Partial<TallyOptions> = {}): TestClient {
  const errors: TallyError[] = []
  const rejections: RejectedEvent[] = []
  const client = init({
    host: server.url,
    writeKey: server.writeKey,
    appId: 'app_test',
    storage: 'memory',
    flushAt: 1000,
    flushIntervalMs: 60_000,
    retryBaseDelayMs: 20,
    maxRetryDelayMs: 100,
    requestTimeoutMs: 2000,
    onError: (error) => errors.push(error),
    onRejected: (rejected) => rejections.push(...rejected),
    ...overrides
  })
  t.after(() => client.shutdown())
  return { client, errors, rejections }
}
