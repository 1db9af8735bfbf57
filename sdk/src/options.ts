// `init()` options: validated once, defaults applied, frozen. A bad option throws a TypeError
// naming the key, the value and what is allowed; nothing else in the SDK re-checks options.

import type { FetchLike, JsonObject, RejectedEvent, StorageOption, TallyOptions } from './types.ts'
import type { TallyError } from './errors.ts'
import { invalidOption } from './errors.ts'

export type ResolvedOptions = Readonly<{
  host: string
  writeKey: string
  appId: string
  flushAt: number
  flushIntervalMs: number
  maxBatchEvents: number
  maxQueueEvents: number
  sessionTimeoutMs: number
  storage: StorageOption
  fetch: FetchLike
  retryBaseDelayMs: number
  maxRetryDelayMs: number
  requestTimeoutMs: number
  context: JsonObject
  onError: (error: TallyError) => void
  onRejected: (rejected: RejectedEvent[]) => void
}>

export const DEFAULTS = Object.freeze({
  flushAt: 50, //                  events
  flushIntervalMs: 2000, //        ms
  maxBatchEvents: 500, //          events per request
  maxQueueEvents: 10000, //        events
  sessionTimeoutMs: 30 * 60_000, // ms of inactivity
  retryBaseDelayMs: 500, //        ms, bound of the first retry's wait
  maxRetryDelayMs: 60_000, //      ms, cap of the exponential backoff
  requestTimeoutMs: 10_000 //      ms
})

export function resolveOptions (options: TallyOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', options, 'an object')
  const host = requireString(options, 'host')
  if (!/^https?:\/\/[^/]/i.test(host)) throw invalidOption('host', host, 'an http(s) URL such as "https://tally.example.com"')
  const flushAt = positiveInteger(options, 'flushAt', DEFAULTS.flushAt)
  const maxBatchEvents = positiveInteger(options, 'maxBatchEvents', Math.max(DEFAULTS.maxBatchEvents, flushAt))
  const retryBaseDelayMs = positiveInteger(options, 'retryBaseDelayMs', DEFAULTS.retryBaseDelayMs)
  const maxRetryDelayMs = positiveInteger(options, 'maxRetryDelayMs', DEFAULTS.maxRetryDelayMs)
  if (maxRetryDelayMs < retryBaseDelayMs) {
    throw invalidOption('maxRetryDelayMs', maxRetryDelayMs, `a number ≥ retryBaseDelayMs (${retryBaseDelayMs})`)
  }
  return Object.freeze({
    host: host.replace(/\/+$/, ''),
    writeKey: requireString(options, 'writeKey'),
    appId: requireString(options, 'appId'),
    flushAt,
    flushIntervalMs: positiveInteger(options, 'flushIntervalMs', DEFAULTS.flushIntervalMs),
    maxBatchEvents,
    maxQueueEvents: positiveInteger(options, 'maxQueueEvents', DEFAULTS.maxQueueEvents),
    sessionTimeoutMs: positiveInteger(options, 'sessionTimeoutMs', DEFAULTS.sessionTimeoutMs),
    storage: storageOption(options.storage),
    fetch: fetchOption(options.fetch),
    retryBaseDelayMs,
    maxRetryDelayMs,
    requestTimeoutMs: positiveInteger(options, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs),
    context: contextOption(options.context),
    onError: callback(options, 'onError'),
    onRejected: callback(options, 'onRejected')
  })
}

function requireString (options: TallyOptions, key: 'host' | 'writeKey' | 'appId'): string {
  const value: unknown = options[key]
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(key, value, 'a non-empty string')
  return value
}

type NumericKey = 'flushAt' | 'flushIntervalMs' | 'maxBatchEvents' | 'maxQueueEvents' | 'sessionTimeoutMs' |
  'retryBaseDelayMs' | 'maxRetryDelayMs' | 'requestTimeoutMs'

function positiveInteger (options: TallyOptions, key: NumericKey, fallback: number): number {
  const value: unknown = options[key]
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidOption(key, value, 'a positive integer')
  }
  return value
}

function storageOption (value: unknown): StorageOption {
  if (value === undefined) return 'auto'
  if (value === 'auto' || value === 'memory' || value === 'localStorage') return value
  if (typeof value === 'object' && value !== null && typeof (value as { file?: unknown }).file === 'string' &&
    (value as { file: string }).file !== '') {
    return { file: (value as { file: string }).file }
  }
  throw invalidOption('storage', value, "'auto', 'memory', 'localStorage' or { file: string }")
}

function fetchOption (value: unknown): FetchLike {
  if (typeof value === 'function') return value as FetchLike
  if (value !== undefined) throw invalidOption('fetch', value, 'a fetch-compatible function')
  if (typeof globalThis.fetch !== 'function') throw invalidOption('fetch', value, 'a function (this runtime has no global fetch)')
  // Called through globalThis: browsers throw "Illegal invocation" for a detached fetch.
  return (input, init) => globalThis.fetch(input, init)
}

function contextOption (value: unknown): JsonObject {
  if (value === undefined) return defaultContext()
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidOption('context', value, 'a plain object')
  return { ...defaultContext(), ...(value as JsonObject) }
}

/** In browsers the user agent lets the server derive device, browser and OS. */
function defaultContext (): JsonObject {
  const userAgent = typeof document !== 'undefined' ? globalThis.navigator?.userAgent : undefined
  return typeof userAgent === 'string' && userAgent !== '' ? { user_agent: userAgent } : {}
}

function callback<K extends 'onError' | 'onRejected'> (options: TallyOptions, key: K): NonNullable<TallyOptions[K]> {
  const value: unknown = options[key]
  if (value === undefined) return (() => {}) as NonNullable<TallyOptions[K]>
  if (typeof value !== 'function') throw invalidOption(key, value, 'a function')
  return value as NonNullable<TallyOptions[K]>
}
