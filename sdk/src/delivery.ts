// The delivery loop: moves queued events to the server in batches, one request at a time, and
// removes events from the queue only when the server has answered for them (acknowledged or
// rejected one by one) or refused them for good. Everything else is retried with the same event
// ids, so delivery is at-least-once and the server's dedup by event_id makes counts exactly-once.
// Never waits less than a server's Retry-After.

import type { EventQueue } from './queue.ts'
import type { ResolvedOptions } from './options.ts'
import type { SendOutcome, Transport } from './transport.ts'
import type { TallyEvent } from './types.ts'
import { TallyError } from './errors.ts'
import { backoffDelayMs } from './backoff.ts'
import { chunkForKeepalive, KEEPALIVE_BUDGET_BYTES } from './keepalive.ts'

export type DeliveryStats = {
  deliveredEvents: number
  rejectedEvents: number
  failedEvents: number
}

export type Delivery = {
  /** Call after events were queued: sends at once when a batch is full, else arms the interval timer. */
  eventsQueued(): void
  /** One pass over the queue, bypassing a backoff wait (never a Retry-After wait). */
  flush(): Promise<void>
  /** Page going away: sends what fits with keepalive requests, outside the one-at-a-time rule. */
  sendKeepalive(): void
  /** Stops timers; a request in flight finishes, no new one starts. */
  stop(): void
}

export type DeliveryDeps = {
  queue: EventQueue
  transport: Transport
  options: ResolvedOptions
  stats: DeliveryStats
  /** The queue lost events (acknowledged, rejected or refused): persist it. */
  queueChanged(): void
  report(error: TallyError): void
  random?: () => number
}

type PassMode = 'full-batches' | 'everything'

type Timer = ReturnType<typeof setTimeout>

export function createDelivery (deps: DeliveryDeps): Delivery {
  const { queue, transport, options, stats } = deps
  const random = deps.random ?? Math.random
  let stopped = false
  let consecutiveFailures = 0
  let intervalTimer: Timer | undefined
  let retryTimer: Timer | undefined
  /** Set while waiting out a server's Retry-After: until then nothing is sent, not even on flush. */
  let retryNotBeforeMs = 0
  let inFlightIds: ReadonlySet<string> = new Set()
  const keepaliveIds = new Set<string>()
  let keepaliveBytesInFlight = 0

  // Passes run one after another; at most one waits behind the running one (requests merge into it).
  let tail: Promise<void> = Promise.resolve()
  let waiting: { mode: PassMode, promise: Promise<void> } | undefined

  function drain (mode: PassMode): Promise<void> {
    if (waiting !== undefined) {
      if (mode === 'everything') waiting.mode = 'everything'
      return waiting.promise
    }
    const next: { mode: PassMode, promise: Promise<void> } = { mode, promise: Promise.resolve() }
    next.promise = tail.then(() => {
      waiting = undefined
      return pass(next.mode)
    })
    waiting = next
    // A pass only rejects on a bug; the next pass must still run.
    tail = next.promise.catch(() => {})
    return next.promise
  }

  function sendable (): number {
    return queue.length - inFlightIds.size - keepaliveIds.size
  }

  async function pass (mode: PassMode): Promise<void> {
    let batchLimit = options.maxBatchEvents
    while (!stopped && retryTimer === undefined) {
      const pending = sendable()
      if (pending <= 0 || (mode === 'full-batches' && pending < options.flushAt)) break
      const batch = queue.head(batchLimit, keepaliveIds)
      if (batch.length === 0) break
      inFlightIds = new Set(batch.map((event) => event.event_id))
      let outcome: SendOutcome
      try {
        outcome = await transport.send(batch)
      } finally {
        inFlightIds = new Set()
      }
      if (outcome.kind === 'too_large' && batch.length > 1) {
        // Split in half and go on: the halves are the next batches of this pass.
        batchLimit = Math.ceil(batch.length / 2)
        continue
      }
      apply(outcome, batch)
    }
    if (queue.length === 0) disarmInterval()
    else armInterval()
  }

  function apply (outcome: SendOutcome, batch: TallyEvent[]): void {
    switch (outcome.kind) {
      case 'delivered': {
        consecutiveFailures = 0
        acknowledge(outcome)
        return
      }
      case 'retry': {
        consecutiveFailures++
        const mandated = outcome.retryAfterMs !== undefined
        const delayMs = mandated
          ? outcome.retryAfterMs as number
          : backoffDelayMs(consecutiveFailures, { baseDelayMs: options.retryBaseDelayMs, maxDelayMs: options.maxRetryDelayMs }, random)
        scheduleRetry(delayMs, mandated)
        deps.report(new TallyError(outcome.code, `${outcome.message}; retrying in ${delayMs} ms`, {
          canRetry: true, status: outcome.status, eventCount: batch.length, retryInMs: delayMs, cause: outcome.cause
        }))
        return
      }
      case 'too_large': {
        giveUp(batch, new TallyError('payload_too_large', `event ${batch[0].event_id} is larger than the server accepts; dropped`, {
          canRetry: false, status: 413, eventCount: batch.length
        }))
        return
      }
      case 'refused': {
        giveUp(batch, new TallyError(outcome.code, `${outcome.message}; ${batch.length} events dropped`, {
          canRetry: false, status: outcome.status, eventCount: batch.length
        }))
      }
    }
  }

  function acknowledge (outcome: Extract<SendOutcome, { kind: 'delivered' }>): void {
    const removedIds = outcome.deliveredIds.concat(outcome.rejected.map((rejected) => rejected.event.event_id))
    const removed = queue.remove(removedIds)
    stats.deliveredEvents += outcome.deliveredIds.length
    stats.rejectedEvents += outcome.rejected.length
    if (outcome.rejected.length > 0) {
      try {
        options.onRejected(outcome.rejected)
      } catch {
        // A throwing callback must not stop delivery.
      }
    }
    if (removed > 0) deps.queueChanged()
  }

  function giveUp (batch: TallyEvent[], error: TallyError): void {
    queue.remove(batch.map((event) => event.event_id))
    stats.failedEvents += batch.length
    deps.queueChanged()
    deps.report(error)
  }

  function scheduleRetry (delayMs: number, mandated: boolean): void {
    clearTimeout(retryTimer)
    disarmInterval()
    retryNotBeforeMs = mandated ? Date.now() + delayMs : 0
    retryTimer = unref(setTimeout(() => {
      retryTimer = undefined
      retryNotBeforeMs = 0
      void drain('everything')
    }, delayMs))
  }

  function armInterval (): void {
    if (stopped || intervalTimer !== undefined || retryTimer !== undefined) return
    intervalTimer = unref(setTimeout(() => {
      intervalTimer = undefined
      void drain('everything')
    }, options.flushIntervalMs))
  }

  function disarmInterval (): void {
    clearTimeout(intervalTimer)
    intervalTimer = undefined
  }

  return {
    eventsQueued () {
      if (stopped || retryTimer !== undefined) return
      if (sendable() >= options.flushAt) void drain('full-batches')
      else armInterval()
    },
    flush () {
      if (stopped) return Promise.resolve()
      if (retryTimer !== undefined && Date.now() >= retryNotBeforeMs) {
        clearTimeout(retryTimer)
        retryTimer = undefined
      }
      return drain('everything')
    },
    sendKeepalive () {
      if (stopped || Date.now() < retryNotBeforeMs) return
      const exclude = new Set([...inFlightIds, ...keepaliveIds])
      const events = queue.head(queue.length, exclude)
      const chunks = chunkForKeepalive(events, KEEPALIVE_BUDGET_BYTES - keepaliveBytesInFlight)
      for (const chunk of chunks) {
        const ids = chunk.events.map((event) => event.event_id)
        for (const id of ids) keepaliveIds.add(id)
        keepaliveBytesInFlight += chunk.bytes
        // Only a clear answer changes the queue; anything else leaves the events for a normal request.
        void transport.send(chunk.events, { keepalive: true }).then((outcome) => {
          if (outcome.kind === 'delivered') acknowledge(outcome)
        }).finally(() => {
          for (const id of ids) keepaliveIds.delete(id)
          keepaliveBytesInFlight -= chunk.bytes
        })
      }
    },
    stop () {
      stopped = true
      clearTimeout(retryTimer)
      retryTimer = undefined
      disarmInterval()
    }
  }
}

/** Timers must not keep a Node process alive on their own; `shutdown()` is how to wait for delivery. */
function unref (timer: Timer): Timer {
  const handle = timer as unknown as { unref?: () => void }
  if (typeof handle.unref === 'function') handle.unref()
  return timer
}
