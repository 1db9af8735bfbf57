// Sessions: every event belongs to one. A session starts with the first event (or startSession)
// and ends after `timeoutMs` without activity (the next event silently starts a new one) or at
// endSession. Only the explicit calls emit session_start / session_end events (the client does
// that); a timeout rollover just changes the id, so event counts stay what the app tracked.

import type { PersistedSession } from './state.ts'

export type SessionTracker = {
  /** The session an event at `nowMs` belongs to, rolling over after inactivity; counts as activity. */
  touch(nowMs: number): PersistedSession
  /** Starts a new session now; returns it and the one it replaced, if that was still active. */
  start(nowMs: number): { started: PersistedSession, ended: PersistedSession | undefined }
  /** Ends the active session; returns it, or undefined when none was active. */
  end(nowMs: number): PersistedSession | undefined
  /** The active session at `nowMs` without touching it. */
  active(nowMs: number): PersistedSession | undefined
  clear(): void
  snapshot(): PersistedSession | undefined
}

export function createSessionTracker (options: {
  timeoutMs: number
  newId: () => string
  initial?: PersistedSession
}): SessionTracker {
  let current: PersistedSession | undefined = options.initial === undefined ? undefined : { ...options.initial }

  function active (nowMs: number): PersistedSession | undefined {
    if (current === undefined) return undefined
    return nowMs - current.lastActivityAtMs > options.timeoutMs ? undefined : current
  }

  function begin (nowMs: number): PersistedSession {
    current = { id: options.newId(), startedAtMs: nowMs, lastActivityAtMs: nowMs }
    return current
  }

  return {
    touch (nowMs) {
      const session = active(nowMs) ?? begin(nowMs)
      // Max: an event stamped in the past (clock step) must not shorten the session.
      session.lastActivityAtMs = Math.max(session.lastActivityAtMs, nowMs)
      return { ...session }
    },
    start (nowMs) {
      const ended = active(nowMs)
      return { started: { ...begin(nowMs) }, ended: ended === undefined ? undefined : { ...ended } }
    },
    end (nowMs) {
      const ended = active(nowMs)
      current = undefined
      return ended === undefined ? undefined : { ...ended }
    },
    active (nowMs) {
      const session = active(nowMs)
      return session === undefined ? undefined : { ...session }
    },
    clear () {
      current = undefined
    },
    snapshot () {
      return current === undefined ? undefined : { ...current }
    }
  }
}
