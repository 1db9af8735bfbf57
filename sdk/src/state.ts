// The shape of the state a client persists, and the check applied when it is read back (a store
// may hold anything: an older SDK's format, a hand-edited file, another app's key).

import type { TallyEvent } from './types.ts'

export type PersistedSession = { id: string, startedAtMs: number, lastActivityAtMs: number }

export type PersistedState = {
  version: 1
  anonymousId: string
  userId?: string
  session?: PersistedSession
  queue: TallyEvent[]
}

/** Checks a loaded value's shape; anything unexpected is an error (the caller starts empty). */
export function parseState (value: unknown): PersistedState {
  if (!isRecord(value) || value.version !== 1) throw new Error('saved state has an unknown format')
  if (typeof value.anonymousId !== 'string' || value.anonymousId === '') throw new Error('saved state lacks anonymousId')
  if (!Array.isArray(value.queue)) throw new Error('saved state lacks queue')
  const queue = value.queue.filter(isStoredEvent)
  const state: PersistedState = { version: 1, anonymousId: value.anonymousId, queue }
  if (typeof value.userId === 'string' && value.userId !== '') state.userId = value.userId
  const session = value.session
  if (isRecord(session) && typeof session.id === 'string' && typeof session.lastActivityAtMs === 'number') {
    const startedAtMs = typeof session.startedAtMs === 'number' ? session.startedAtMs : session.lastActivityAtMs
    state.session = { id: session.id, startedAtMs, lastActivityAtMs: session.lastActivityAtMs }
  }
  return state
}

function isStoredEvent (value: unknown): value is TallyEvent {
  return isRecord(value) &&
    typeof value.event_id === 'string' &&
    typeof value.app_id === 'string' &&
    typeof value.event_name === 'string' &&
    typeof value.timestamp === 'string'
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
