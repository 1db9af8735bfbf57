import { test } from 'node:test'
import assert from 'node:assert/strict'
import { backoffDelayMs, parseRetryAfterMs } from '../src/backoff.ts'

const policy = { baseDelayMs: 500, maxDelayMs: 60_000 }

test('the backoff bound doubles per failure from the base and stops at the cap', () => {
  const almostOne = (): number => 0.999999
  const bounds = [1, 2, 3, 4, 5, 6, 7, 8, 30, 2000].map((failures) => backoffDelayMs(failures, policy, almostOne))
  assert.deepEqual(bounds, [499, 999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999])
})

test('full jitter: every wait lies in [0, bound), and the waits spread over the whole range', () => {
  for (const failures of [1, 3, 6, 10]) {
    const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1))
    const waits = Array.from({ length: 2000 }, () => backoffDelayMs(failures, policy))
    for (const wait of waits) assert.ok(wait >= 0 && wait < bound, `${wait} outside [0, ${bound})`)
    assert.ok(Math.min(...waits) < bound * 0.1, 'some waits are short')
    assert.ok(Math.max(...waits) > bound * 0.9, 'some waits are long')
  }
  assert.equal(backoffDelayMs(4, policy, () => 0), 0)
})

test('Retry-After is read as seconds or as an HTTP date; anything else is ignored', () => {
  const now = Date.parse('2026-02-02T12:00:00.000Z')
  const cases: [string | null, number | undefined][] = [
    ['2', 2000],
    ['0', 0],
    [' 1.5 ', 1500],
    ['Mon, 02 Feb 2026 12:00:30 GMT', 30_000],
    ['Mon, 02 Feb 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['', undefined],
    [null, undefined]
  ]
  for (const [header, expected] of cases) assert.equal(parseRetryAfterMs(header, now), expected, `Retry-After: ${header}`)
})
