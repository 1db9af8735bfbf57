// Builds an event in its wire form at track time: the event id is made here, once, so every
// retry of the event carries the same id and the server can recognise it.
// Emits only the top-level fields the server accepts (it rejects unknown ones).

import type { JsonObject, TallyEvent, TrackOptions } from './types.ts'

export type EventInput = {
  appId: string
  eventId: string
  eventName: string
  userId: string | undefined
  anonymousId: string
  sessionId: string
  nowMs: number
  properties: JsonObject | undefined
  defaultContext: JsonObject
  options: TrackOptions | undefined
}

export function buildEvent (input: EventInput): TallyEvent {
  if (typeof input.eventName !== 'string' || input.eventName.trim() === '') {
    throw new TypeError(`@tally/sdk: track() needs a non-empty event name, got ${JSON.stringify(input.eventName)}`)
  }
  const identity = input.userId !== undefined ? { user_id: input.userId } : { anonymous_id: input.anonymousId }
  // Field order as in DESIGN.md, so stored and logged events read alike.
  const event: TallyEvent = {
    event_id: input.eventId,
    app_id: input.appId,
    event_name: input.eventName,
    ...identity,
    session_id: input.sessionId,
    timestamp: isoTimestamp(input.options?.timestamp, input.nowMs),
    properties: snapshotObject('properties', input.properties) ?? {}
  }
  const context = { ...input.defaultContext, ...(snapshotObject('context', input.options?.context) ?? {}) }
  if (Object.keys(context).length > 0) event.context = context
  return event
}

function isoTimestamp (value: Date | string | number | undefined, nowMs: number): string {
  if (value === undefined) return new Date(nowMs).toISOString()
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`@tally/sdk: invalid timestamp ${JSON.stringify(String(value))} (expected a Date, an ISO string or ms since epoch)`)
  }
  return date.toISOString()
}

/**
 * A JSON copy taken now: later mutations by the app do not change the queued event, and values
 * JSON cannot carry fail here, at the call that passed them, instead of at send time.
 */
function snapshotObject (name: string, value: JsonObject | undefined): JsonObject | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`@tally/sdk: ${name} must be a plain object, got ${Array.isArray(value) ? 'an array' : typeof value}`)
  }
  try {
    return JSON.parse(JSON.stringify(value)) as JsonObject
  } catch (error) {
    throw new TypeError(`@tally/sdk: ${name} must be JSON-serialisable (${error instanceof Error ? error.message : String(error)})`)
  }
}
