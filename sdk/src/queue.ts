// The offline queue: events in track order, kept until the server acknowledges them. Bounded;
// when full the oldest events are dropped (the newest say more about the present). Removal is by
// event id, so an answer for a batch still finds its events after drops or reloads.

import type { TallyEvent } from './types.ts'

export type EventQueue = {
  readonly length: number
  /** Appends; returns how many of the oldest events were dropped to make room. */
  push(event: TallyEvent): number
  /** Up to `limit` events from the oldest, skipping ids in `exclude`. */
  head(limit: number, exclude?: ReadonlySet<string>): TallyEvent[]
  /** Removes the events with these ids; returns how many were present. */
  remove(eventIds: Iterable<string>): number
  /** A copy of every queued event, oldest first. */
  snapshot(): TallyEvent[]
}

export function createEventQueue (options: { maxEvents: number, initial?: TallyEvent[] }): EventQueue {
  let events = uniqueById(options.initial ?? []).slice(-options.maxEvents)

  return {
    get length () {
      return events.length
    },
    push (event) {
      let dropped = 0
      while (events.length >= options.maxEvents) {
        events.shift()
        dropped++
      }
      events.push(event)
      return dropped
    },
    head (limit, exclude) {
      const out: TallyEvent[] = []
      for (const event of events) {
        if (out.length >= limit) break
        if (exclude?.has(event.event_id)) continue
        out.push(event)
      }
      return out
    },
    remove (eventIds) {
      const ids = new Set(eventIds)
      if (ids.size === 0) return 0
      const before = events.length
      events = events.filter((event) => !ids.has(event.event_id))
      return before - events.length
    },
    snapshot () {
      return events.slice()
    }
  }
}

function uniqueById (events: TallyEvent[]): TallyEvent[] {
  const seen = new Set<string>()
  return events.filter((event) => {
    if (seen.has(event.event_id)) return false
    seen.add(event.event_id)
    return true
  })
}
