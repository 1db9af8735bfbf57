// `init()`: wires options, storage, identity, sessions, the queue and the delivery loop into one
// client. Owns the client's state and its persistence; never throws for delivery or storage
// problems (they go to onError), only for programming mistakes at the call that made them.

import type { ClientStats, JsonObject, TallyClient, TallyOptions, TrackOptions, TallyEvent } from './types.ts'
import type { PersistedState } from './state.ts'
import { resolveOptions, type ResolvedOptions } from './options.ts'
import { TallyError } from './errors.ts'
import { selectStateStore } from './storage.ts'
import { createEventQueue } from './queue.ts'
import { createSessionTracker } from './session.ts'
import { createTransport } from './transport.ts'
import { createDelivery } from './delivery.ts'
import { watchPageLifecycle } from './page-lifecycle.ts'
import { buildEvent } from './event.ts'
import { uuidv4, uuidv7 } from './uuid.ts'

export function init (input: TallyOptions): TallyClient {
  return createClient(resolveOptions(input))
}

/** A client for options already resolved (the one-line script builds them itself, unvalidated). */
export function createClient (options: ResolvedOptions): TallyClient {
  const report = (error: TallyError): void => {
    try {
      options.onError(error)
    } catch {
      // A throwing callback must not break tracking.
    }
  }

  const { store, problem } = selectStateStore(options.storage, options.appId)
  if (problem !== undefined) report(new TallyError('storage_error', problem, { canRetry: false }))
  let saved: PersistedState | undefined
  try {
    saved = store.load()
  } catch (cause) {
    report(new TallyError('storage_error', `saved state could not be read; starting empty: ${String(cause)}`, { canRetry: false, cause }))
  }

  let userId = saved?.userId
  let anonymousId = saved?.anonymousId ?? uuidv4()
  const sessions = createSessionTracker({ timeoutMs: options.sessionTimeoutMs, newId: uuidv7, initial: saved?.session })
  const queue = createEventQueue({ maxEvents: options.maxQueueEvents, initial: saved?.queue })
  const stats: ClientStats = { queuedEvents: 0, deliveredEvents: 0, rejectedEvents: 0, failedEvents: 0, droppedEvents: 0 }
  let overflowReported = false
  let closed = false
  let shuttingDown: Promise<void> | undefined

  let persistScheduled = false
  function persistNow (): Promise<void> {
    persistScheduled = false
    const state: PersistedState = { version: 1, anonymousId, queue: queue.snapshot() }
    if (userId !== undefined) state.userId = userId
    const session = sessions.snapshot()
    if (session !== undefined) state.session = session
    return store.save(state).catch((cause: unknown) => {
      report(new TallyError('storage_error', `state could not be saved: ${String(cause)}`, { canRetry: true, cause }))
    })
  }
  // Coalesced: a burst of track() calls in one tick costs one write.
  function persistSoon (): void {
    if (store.kind === 'memory' || persistScheduled) return
    persistScheduled = true
    queueMicrotask(() => {
      if (persistScheduled) void persistNow()
    })
  }

  const delivery = createDelivery({
    queue,
    options,
    stats,
    transport: createTransport({
      host: options.host, writeKey: options.writeKey, fetch: options.fetch, requestTimeoutMs: options.requestTimeoutMs
    }),
    report,
    queueChanged () {
      if (queue.length < options.maxQueueEvents) overflowReported = false
      persistSoon()
    }
  })

  const unwatchPage = watchPageLifecycle({
    onHidden () {
      if (closed) return
      void persistNow()
      delivery.sendKeepalive()
    },
    onOnline () {
      if (!closed) void delivery.flush()
    }
  })

  function enqueue (event: TallyEvent): void {
    const dropped = queue.push(event)
    if (dropped > 0) {
      stats.droppedEvents += dropped
      if (!overflowReported) {
        overflowReported = true
        report(new TallyError('queue_overflow', `queue is full (${options.maxQueueEvents} events); dropping the oldest`, {
          canRetry: false, eventCount: dropped
        }))
      }
    }
  }

  function eventAt (eventName: string, sessionId: string, nowMs: number, properties?: JsonObject, trackOptions?: TrackOptions): TallyEvent {
    return buildEvent({
      appId: options.appId,
      eventId: uuidv7(),
      eventName,
      userId,
      anonymousId,
      sessionId,
      nowMs,
      properties,
      defaultContext: options.context,
      options: trackOptions
    })
  }

  function queued (): void {
    persistSoon()
    delivery.eventsQueued()
  }

  // Initial delivery of what a previous run left behind.
  if (queue.length > 0) delivery.eventsQueued()

  return {
    track (eventName, properties, trackOptions) {
      if (closed) return
      const nowMs = Date.now()
      // Built before the session is touched, so an invalid call throws without side effects.
      const event = eventAt(eventName, '', nowMs, properties, trackOptions)
      event.session_id = sessions.touch(nowMs).id
      enqueue(event)
      queued()
    },
    identify (newUserId) {
      if (typeof newUserId !== 'string' || newUserId.trim() === '') {
        throw new TypeError(`@tally/sdk: identify() needs a non-empty user id, got ${JSON.stringify(newUserId)}`)
      }
      if (closed) return
      userId = newUserId
      persistSoon()
    },
    reset () {
      if (closed) return
      userId = undefined
      anonymousId = uuidv4()
      sessions.clear()
      persistSoon()
    },
    startSession () {
      if (closed) return
      const nowMs = Date.now()
      const { started, ended } = sessions.start(nowMs)
      if (ended !== undefined) enqueue(sessionEnd(ended, nowMs))
      enqueue(eventAt('session_start', started.id, nowMs))
      queued()
    },
    endSession () {
      if (closed) return
      const nowMs = Date.now()
      const ended = sessions.end(nowMs)
      if (ended !== undefined) enqueue(sessionEnd(ended, nowMs))
      queued()
    },
    flush () {
      return delivery.flush()
    },
    shutdown () {
      shuttingDown ??= (async () => {
        await delivery.flush()
        closed = true
        delivery.stop()
        unwatchPage()
        await persistNow()
      })()
      return shuttingDown
    },
    getUserId: () => userId,
    getAnonymousId: () => anonymousId,
    getSessionId: () => sessions.active(Date.now())?.id,
    stats: () => ({ ...stats, queuedEvents: queue.length })
  }

  function sessionEnd (ended: { id: string, startedAtMs: number }, nowMs: number): TallyEvent {
    return eventAt('session_end', ended.id, nowMs, { duration_ms: Math.max(0, nowMs - ended.startedAtMs) })
  }
}
