// One `POST {host}/v1/batch` and what its answer means for the events in it. Returns outcomes as
// values; never throws, never retries, never touches the queue (that is the delivery loop's job).

import type { TallyErrorCode } from './errors.ts'
import type { FetchLike, RejectedEvent, TallyEvent } from './types.ts'
import { parseRetryAfterMs } from './backoff.ts'

export type SendOutcome =
  /** The server stored (or already had) every event not listed in `rejected`. */
  | { kind: 'delivered', deliveredIds: string[], rejected: RejectedEvent[] }
  /** Nothing was stored for sure; send the same events again later. */
  | { kind: 'retry', code: TallyErrorCode, status?: number, retryAfterMs?: number, message: string, cause?: unknown }
  /** 413: the batch is over the server's size limit. */
  | { kind: 'too_large', message: string }
  /** The server refused the batch for good (400/401/403/other 4xx). */
  | { kind: 'refused', code: TallyErrorCode, status: number, message: string }

export type Transport = {
  send(events: TallyEvent[], options?: { keepalive?: boolean }): Promise<SendOutcome>
}

export type TransportOptions = {
  host: string
  writeKey: string
  fetch: FetchLike
  requestTimeoutMs: number
}

/** The JSON body for a batch; also used to measure keepalive chunks. */
export function batchBody (events: TallyEvent[]): string {
  return JSON.stringify({ events })
}

export function createTransport (options: TransportOptions): Transport {
  const url = `${options.host}/v1/batch`

  async function send (events: TallyEvent[], sendOptions: { keepalive?: boolean } = {}): Promise<SendOutcome> {
    const keepalive = sendOptions.keepalive === true
    // A keepalive request outlives the page; a timeout would only cut it short.
    const timeout = keepalive ? undefined : createTimeout(options.requestTimeoutMs)
    try {
      const response = await options.fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.writeKey}`, 'content-type': 'application/json' },
        body: batchBody(events),
        keepalive,
        signal: timeout?.signal
      })
      const text = await response.text()
      return interpret(response.status, response.headers.get('retry-after'), text, events)
    } catch (cause) {
      const timedOut = timeout?.signal.aborted === true
      return {
        kind: 'retry',
        code: 'network_error',
        message: timedOut ? `no answer within ${options.requestTimeoutMs} ms` : `request failed: ${errorMessage(cause)}`,
        cause
      }
    } finally {
      timeout?.clear()
    }
  }

  return { send }
}

function interpret (status: number, retryAfter: string | null, text: string, events: TallyEvent[]): SendOutcome {
  if (status >= 200 && status < 300) return delivered(text, events)
  const message = `HTTP ${status}${serverMessage(text)}`
  const retryAfterMs = parseRetryAfterMs(retryAfter, Date.now())
  if (status === 429) return { kind: 'retry', code: 'rate_limited', status, retryAfterMs, message }
  if (status === 503) return { kind: 'retry', code: 'unavailable', status, retryAfterMs, message }
  if (status === 408) return { kind: 'retry', code: 'network_error', status, retryAfterMs, message }
  if (status >= 500) return { kind: 'retry', code: 'server_error', status, retryAfterMs, message }
  if (status === 413) return { kind: 'too_large', message }
  const code: TallyErrorCode = status === 400
    ? 'bad_request'
    : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'unexpected_status'
  return { kind: 'refused', code, status, message }
}

function delivered (text: string, events: TallyEvent[]): SendOutcome {
  const rejected: RejectedEvent[] = []
  const rejectedIndexes = new Set<number>()
  const body = parseJson(text)
  const list = isRecord(body) && Array.isArray(body.rejected) ? body.rejected : []
  for (const item of list) {
    if (!isRecord(item)) continue
    const index = item.index
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= events.length) continue
    if (rejectedIndexes.has(index)) continue
    rejectedIndexes.add(index)
    rejected.push({
      event: events[index],
      code: typeof item.code === 'string' ? item.code : 'rejected',
      message: typeof item.message === 'string' ? item.message : ''
    })
  }
  const deliveredIds = events.filter((_, index) => !rejectedIndexes.has(index)).map((event) => event.event_id)
  return { kind: 'delivered', deliveredIds, rejected }
}

function serverMessage (text: string): string {
  const body = parseJson(text)
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message } = body.error
    if (typeof code === 'string' || typeof message === 'string') return `: ${String(code ?? '')} ${String(message ?? '')}`.trimEnd()
  }
  return ''
}

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function errorMessage (error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
    return `${error.message}${cause}`
  }
  return String(error)
}

function createTimeout (ms: number): { signal: AbortSignal, clear: () => void } {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`timeout after ${ms} ms`)), ms)
  return { signal: controller.signal, clear: () => clearTimeout(timer) }
}
