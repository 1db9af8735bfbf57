// Where the client's state (identity, session, unsent events) survives a reload or restart.
// One small interface, three backends chosen by `selectStateStore`: memory (Node default),
// localStorage (browser default) and a JSON file (Node, opt-in; see file-storage.ts).
// Loading is synchronous so that `init()` can return a ready client; saving may be asynchronous.
// A store never throws from `save` synchronously: failures come back as a rejected promise.

import type { StorageOption } from './types.ts'
import type { PersistedState } from './state.ts'
import { parseState } from './state.ts'
import { createFileStore } from './file-storage.ts'

export type { PersistedState, PersistedSession } from './state.ts'

export type StateStore = {
  readonly kind: 'memory' | 'localStorage' | 'file'
  /** The saved state, or undefined when there is none. Throws when the saved state cannot be read. */
  load(): PersistedState | undefined
  /** Replaces the saved state. localStorage writes before returning (safe in `pagehide`). */
  save(state: PersistedState): Promise<void>
}

export function createMemoryStore (): StateStore {
  return {
    kind: 'memory',
    load: () => undefined,
    save: async () => {}
  }
}

/** The Web Storage object if this runtime has a working one (absent, disabled or full ones throw). */
export function usableLocalStorage (): Storage | undefined {
  try {
    const storage = globalThis.localStorage
    if (storage === undefined || storage === null) return undefined
    const probe = '__tally_probe__'
    storage.setItem(probe, probe)
    storage.removeItem(probe)
    return storage
  } catch {
    return undefined
  }
}

export function createLocalStorageStore (storage: Storage, key: string): StateStore {
  return {
    kind: 'localStorage',
    load () {
      const text = storage.getItem(key)
      return text === null ? undefined : parseState(JSON.parse(text))
    },
    save (state) {
      try {
        storage.setItem(key, JSON.stringify(state))
        return Promise.resolve()
      } catch (error) {
        return Promise.reject(error)
      }
    }
  }
}

export type StoreChoice = { store: StateStore, problem?: string }

/** Resolves the `storage` option; falls back to memory (with a reason) when the choice is unavailable. */
export function selectStateStore (option: StorageOption, appId: string): StoreChoice {
  const key = `tally:${appId}`
  if (typeof option === 'object') {
    try {
      return { store: createFileStore(option.file) }
    } catch (error) {
      return { store: createMemoryStore(), problem: `${error instanceof Error ? error.message : String(error)}; keeping events in memory` }
    }
  }
  if (option === 'memory') return { store: createMemoryStore() }
  const inBrowser = typeof document !== 'undefined'
  const storage = option === 'localStorage' || inBrowser ? usableLocalStorage() : undefined
  if (storage !== undefined) return { store: createLocalStorageStore(storage, key) }
  if (option === 'localStorage') {
    return { store: createMemoryStore(), problem: 'localStorage is not available here; keeping events in memory' }
  }
  return { store: createMemoryStore() }
}
