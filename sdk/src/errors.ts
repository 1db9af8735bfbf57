// The SDK's error registry. Delivery problems are reported to `onError`, never thrown from
// `track()`: analytics must not break the app. Only programming mistakes (bad options, an event
// without a name) throw, synchronously, at the call that made them.

export type TallyErrorCode =
  | 'network_error' //     request failed or timed out; retried with backoff
  | 'server_error' //      5xx other than 503; retried with backoff
  | 'rate_limited' //      429; retried after Retry-After
  | 'unavailable' //       503; retried after Retry-After
  | 'bad_request' //       400; batch dropped
  | 'unauthorized' //      401; batch dropped
  | 'forbidden' //         403; batch dropped
  | 'payload_too_large' // 413 for a single event; event dropped (larger batches are split)
  | 'unexpected_status' // any other 4xx; batch dropped
  | 'queue_overflow' //    queue full; oldest events dropped
  | 'storage_error' //     persisting or loading the queue failed; delivery continues in memory

export class TallyError extends Error {
  readonly code: TallyErrorCode
  /** True when the SDK keeps the events and tries again by itself. */
  readonly canRetry: boolean
  /** HTTP status, when the server answered. */
  readonly status: number | undefined
  /** How many events the problem concerns. */
  readonly eventCount: number
  /** When a retry is scheduled: how long until it runs. */
  readonly retryInMs: number | undefined

  constructor (
    code: TallyErrorCode,
    message: string,
    details: { canRetry: boolean, status?: number, eventCount?: number, retryInMs?: number, cause?: unknown }
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'TallyError'
    this.code = code
    this.canRetry = details.canRetry
    this.status = details.status
    this.eventCount = details.eventCount ?? 0
    this.retryInMs = details.retryInMs
  }
}

/** Thrown by `init()` for an invalid option: names the key, the bad value and what is allowed. */
export function invalidOption (key: string, value: unknown, allowed: string): TypeError {
  let shown: string
  try {
    shown = JSON.stringify(value) ?? String(value)
  } catch {
    shown = String(value)
  }
  return new TypeError(`@tally/sdk: invalid option "${key}": ${shown} (expected ${allowed})`)
}
