// Retry timing. Exponential backoff with full jitter (a uniformly random wait between 0 and the
// exponential bound) spreads the retries of many clients after an outage instead of having them
// return in waves. A server's Retry-After is a floor, never shortened by the backoff cap.

export type BackoffPolicy = {
  /** Bound of the first retry's wait, in ms. */
  baseDelayMs: number
  /** Bound never exceeded by the exponential growth, in ms. */
  maxDelayMs: number
}

/**
 * Wait before retry number `failures` (1 = after the first failure): uniform in
 * [0, min(maxDelayMs, baseDelayMs · 2^(failures−1))).
 */
export function backoffDelayMs (failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(failures - 1, 52))
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
  return Math.floor(random() * bound)
}

/**
 * A `Retry-After` header in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfterMs (header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (value === '') return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  // HTTP dates spell out day and month names; this keeps Date.parse from reading "-1" as a year.
  const dateMs = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(dateMs)) return undefined
  return Math.max(0, dateMs - nowMs)
}
