import { test } from 'node:test'
import assert from 'node:assert/strict'
import { init } from '../src/index.ts'
import type { TallyOptions } from '../src/index.ts'
import { DEFAULTS, resolveOptions } from '../src/options.ts'

const valid: TallyOptions = { host: 'https://tally.example.com/', writeKey: 'wk', appId: 'shop' }

test('defaults: 50 events, 2 s, 10 000 events, 30 min, 60 s backoff cap; trailing slash of host removed', () => {
  const options = resolveOptions(valid)
  assert.equal(options.host, 'https://tally.example.com')
  assert.equal(options.flushAt, 50)
  assert.equal(options.flushIntervalMs, 2000)
  assert.equal(options.maxQueueEvents, 10_000)
  assert.equal(options.sessionTimeoutMs, 30 * 60 * 1000)
  assert.equal(options.maxRetryDelayMs, 60_000)
  assert.equal(options.storage, 'auto')
  assert.equal(options.maxBatchEvents, DEFAULTS.maxBatchEvents)
  assert.ok(Object.isFrozen(options))
})

test('invalid options throw a TypeError naming the key, the value and what is allowed', () => {
  const cases: [Partial<Record<keyof TallyOptions, unknown>>, RegExp][] = [
    [{ host: undefined }, /"host": undefined \(expected a non-empty string\)/],
    [{ host: 'tally.example.com' }, /"host": "tally.example.com" \(expected an http\(s\) URL/],
    [{ writeKey: '' }, /"writeKey": "" \(expected a non-empty string\)/],
    [{ appId: 42 }, /"appId": 42/],
    [{ flushAt: 0 }, /"flushAt": 0 \(expected a positive integer\)/],
    [{ flushIntervalMs: 1.5 }, /"flushIntervalMs": 1.5/],
    [{ maxQueueEvents: -1 }, /"maxQueueEvents"/],
    [{ sessionTimeoutMs: '30m' }, /"sessionTimeoutMs": "30m"/],
    [{ storage: 'disk' }, /"storage": "disk" \(expected 'auto', 'memory', 'localStorage' or \{ file: string \}\)/],
    [{ storage: { file: '' } }, /"storage"/],
    [{ fetch: 'fetch' }, /"fetch"/],
    [{ retryBaseDelayMs: 1000, maxRetryDelayMs: 500 }, /"maxRetryDelayMs": 500 \(expected a number ≥ retryBaseDelayMs \(1000\)\)/],
    [{ context: [] }, /"context": \[\]/],
    [{ onError: true }, /"onError": true \(expected a function\)/]
  ]
  for (const [override, message] of cases) {
    assert.throws(() => init({ ...valid, ...override } as TallyOptions), (error: unknown) => {
      assert.ok(error instanceof TypeError)
      assert.match(error.message, message)
      return true
    }, JSON.stringify(override))
  }
})
