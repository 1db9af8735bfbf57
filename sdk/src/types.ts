// Public types of the Tally SDK. Type-only module: it must stay free of runtime code so that
// stripping it leaves an empty file.

import type { TallyError } from './errors.ts'

/** A JSON value as it travels on the wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/**
 * One event in its wire form (DESIGN.md "Event"). The server rejects unknown top-level fields, so
 * the SDK sends exactly these and nothing else.
 */
export type TallyEvent = {
  event_id: string
  app_id: string
  event_name: string
  user_id?: string
  anonymous_id?: string
  session_id: string
  /** ISO 8601 with milliseconds, UTC. */
  timestamp: string
  properties: JsonObject
  context?: JsonObject
}

/** A per-event rejection from `POST /v1/batch`; the event is dropped, never retried. */
export type RejectedEvent = {
  event: TallyEvent
  code: string
  message: string
}

export type StorageOption = 'auto' | 'memory' | 'localStorage' | { file: string }

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type TallyOptions = {
  /** Base URL of the Tally API, e.g. `https://tally.example.com` (no `/v1`). */
  host: string
  /** The app's write key, sent as `Authorization: Bearer <writeKey>`. */
  writeKey: string
  /** The app every event belongs to. */
  appId: string
  /** Send as soon as this many events are queued. Default 50 events. */
  flushAt?: number
  /** Send queued events at the latest this long after the first one was queued. Default 2000 ms. */
  flushIntervalMs?: number
  /** Largest batch sent in one request. Default 500 events. */
  maxBatchEvents?: number
  /** Queue cap; beyond it the oldest events are dropped and counted. Default 10000 events. */
  maxQueueEvents?: number
  /** A session ends after this much inactivity. Default 1800000 ms (30 min). */
  sessionTimeoutMs?: number
  /** Where identity, session and unsent events survive restarts. Default 'auto'. */
  storage?: StorageOption
  /** Replaces the global `fetch` (tests, proxies, custom agents). */
  fetch?: FetchLike
  /** First retry waits up to this long; each further failure doubles it. Default 500 ms. */
  retryBaseDelayMs?: number
  /** Upper bound of the exponential backoff (not of a server's `Retry-After`). Default 60000 ms. */
  maxRetryDelayMs?: number
  /** A request without an answer after this long counts as a network error. Default 10000 ms. */
  requestTimeoutMs?: number
  /** Merged into every event's `context` (per-call context wins). Default: `user_agent` in browsers. */
  context?: JsonObject
  /** Delivery problems: dropped batches, transient failures, storage failures, queue overflow. */
  onError?: (error: TallyError) => void
  /** Events the server rejected one by one (they are dropped, never retried). */
  onRejected?: (rejected: RejectedEvent[]) => void
}

export type TrackOptions = {
  /** When the event happened. Default: now. */
  timestamp?: Date | string | number
  /** Merged over the client's default context for this event only. */
  context?: JsonObject
}

export type ClientStats = {
  /** Events waiting for the server's acknowledgement. */
  queuedEvents: number
  /** Events the server acknowledged (accepted or recognised as duplicates). */
  deliveredEvents: number
  /** Events the server rejected one by one. */
  rejectedEvents: number
  /** Events given up on without an acknowledgement (400/401/403, or a single event over the size limit). */
  failedEvents: number
  /** Events dropped because the queue was full (oldest first). */
  droppedEvents: number
}

export type TallyClient = {
  track(eventName: string, properties?: JsonObject, options?: TrackOptions): void
  identify(userId: string): void
  reset(): void
  startSession(): void
  endSession(): void
  /** Sends everything queued; resolves when the queue is empty or delivery waits for a retry. */
  flush(): Promise<void>
  /** Flushes, stops all timers and writes storage; later calls are ignored. */
  shutdown(): Promise<void>
  getUserId(): string | undefined
  getAnonymousId(): string
  /** The current session, or undefined when none is active (the next event starts one). */
  getSessionId(): string | undefined
  stats(): ClientStats
}
