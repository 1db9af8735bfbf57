// A small real HTTP server implementing the `POST /v1/batch` contract of DESIGN.md, for SDK
// tests: checks the write key, rejects unknown top-level fields and missing required ones per
// event, stores events by event_id and counts duplicates. Tests can take it down and up again,
// script the next answers (429/503 with Retry-After, 5xx, 413, a lost response, a hang) and
// reject chosen events.

import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { TestContext } from 'node:test'

export type WireEvent = Record<string, unknown> & { event_id: string, event_name: string }

/** What the server does with the next request instead of processing it normally. */
export type ScriptedAnswer =
  | { status: number, retryAfter?: string, body?: unknown }
  /** Stores the events, then closes the connection before answering (the client cannot know). */
  | 'lose-response'
  /** Never answers. */
  | 'hang'

export type RequestRecord = {
  atMs: number
  status: number | 'lost' | 'hung'
  eventIds: string[]
  headers: IncomingMessage['headers']
  bodyBytes: number
}

export type BatchServerOptions = {
  writeKey?: string
  /** Answer 413 for more events than this in one request. */
  maxEventsPerRequest?: number
  /** Answer 413 for a larger body. */
  maxBodyBytes?: number
  /** Wait this long before answering each request. */
  delayMs?: number
}

export type BatchServer = {
  url: string
  writeKey: string
  /** Stored events by event_id. */
  stored: Map<string, WireEvent>
  duplicates: number
  requests: RequestRecord[]
  /** Answers for the next requests, consumed first to last. */
  script: ScriptedAnswer[]
  /** Most requests being processed at the same time. */
  maxConcurrent: number
  reject(predicate: (event: WireEvent) => { code: string, message: string } | undefined): void
  storedNames(): string[]
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

const ALLOWED_FIELDS = new Set(['event_id', 'app_id', 'event_name', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'properties', 'context'])

export async function startBatchServer (t: TestContext, options: BatchServerOptions = {}): Promise<BatchServer> {
  const writeKey = options.writeKey ?? 'wk_test'
  const sockets = new Set<Socket>()
  let rejectPredicate: (event: WireEvent) => { code: string, message: string } | undefined = () => undefined
  let concurrent = 0

  const state: BatchServer = {
    url: '',
    writeKey,
    stored: new Map(),
    duplicates: 0,
    requests: [],
    script: [],
    maxConcurrent: 0,
    reject (predicate) {
      rejectPredicate = predicate
    },
    storedNames () {
      return [...state.stored.values()].map((event) => event.event_name)
    },
    down,
    up,
    close
  }

  const server = createServer((request, response) => {
    concurrent++
    state.maxConcurrent = Math.max(state.maxConcurrent, concurrent)
    response.on('close', () => { concurrent-- })
    void handle(request, response)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const record: RequestRecord = { atMs: Date.now(), status: 0, eventIds: [], headers: request.headers, bodyBytes: raw.length }
    state.requests.push(record)
    let body: { events?: unknown } | undefined
    try {
      body = JSON.parse(raw.toString('utf8')) as { events?: unknown }
    } catch {
      body = undefined
    }
    const events = Array.isArray(body?.events) ? body.events as WireEvent[] : []
    record.eventIds = events.map((event) => event.event_id)
    if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs))

    const scripted = state.script.shift()
    if (scripted === 'hang') {
      record.status = 'hung'
      return
    }
    if (scripted === 'lose-response') {
      store(events)
      record.status = 'lost'
      request.socket.destroy()
      return
    }
    if (scripted !== undefined) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (scripted.retryAfter !== undefined) headers['retry-after'] = scripted.retryAfter
      answer(response, record, scripted.status, scripted.body ?? { error: { code: 'SCRIPTED', message: 'scripted answer' } }, headers)
      return
    }

    if (request.method !== 'POST' || request.url !== '/v1/batch') {
      answer(response, record, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } })
      return
    }
    if (request.headers.authorization !== `Bearer ${writeKey}`) {
      answer(response, record, 401, { error: { code: 'TALLY_ERR_AUTH_INVALID_KEY', message: 'invalid key' } })
      return
    }
    if (!String(request.headers['content-type']).startsWith('application/json') || body === undefined || !Array.isArray(body.events)) {
      answer(response, record, 400, { error: { code: 'TALLY_ERR_INGEST_BAD_BODY', message: 'expected { events: [...] }' } })
      return
    }
    const tooMany = options.maxEventsPerRequest !== undefined && events.length > options.maxEventsPerRequest
    const tooBig = options.maxBodyBytes !== undefined && raw.length > options.maxBodyBytes
    if (tooMany || tooBig) {
      answer(response, record, 413, { error: { code: 'TALLY_ERR_INGEST_TOO_LARGE', message: 'batch too large' } })
      return
    }
    answer(response, record, 200, store(events))
  }

  function store (events: WireEvent[]): { accepted: number, duplicates: number, rejected: unknown[] } {
    let accepted = 0
    let duplicates = 0
    const rejected: { index: number, code: string, message: string }[] = []
    events.forEach((event, index) => {
      const problem = validate(event) ?? rejectPredicate(event)
      if (problem !== undefined) {
        rejected.push({ index, ...problem })
        return
      }
      if (state.stored.has(event.event_id)) {
        duplicates++
        return
      }
      state.stored.set(event.event_id, event)
      accepted++
    })
    state.duplicates += duplicates
    return { accepted, duplicates, rejected }
  }

  function answer (response: ServerResponse, record: RequestRecord, status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
    record.status = status
    response.writeHead(status, headers)
    response.end(JSON.stringify(body))
  }

  let port = 0
  async function up (): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    port = (server.address() as AddressInfo).port
    state.url = `http://127.0.0.1:${port}`
  }

  async function down (): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }

  async function close (): Promise<void> {
    if (server.listening) await down()
  }

  await up()
  t.after(close)
  return state
}

function validate (event: WireEvent): { code: string, message: string } | undefined {
  if (typeof event !== 'object' || event === null) return { code: 'TALLY_ERR_EVENT_NOT_OBJECT', message: 'event must be an object' }
  const unknown = Object.keys(event).filter((key) => !ALLOWED_FIELDS.has(key))
  if (unknown.length > 0) return { code: 'TALLY_ERR_EVENT_UNKNOWN_FIELD', message: `unknown fields: ${unknown.join(', ')}` }
  for (const key of ['app_id', 'event_name', 'timestamp']) {
    if (typeof event[key] !== 'string') return { code: 'TALLY_ERR_EVENT_MISSING_FIELD', message: `${key} is required` }
  }
  if (typeof event.user_id !== 'string' && typeof event.anonymous_id !== 'string') {
    return { code: 'TALLY_ERR_EVENT_MISSING_FIELD', message: 'user_id or anonymous_id is required' }
  }
  return undefined
}

/** Polls until `condition` holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor (condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(5)
  }
}

export function sleep (ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
