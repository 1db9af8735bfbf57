// @tally/sdk — the public surface. Everything else in src/ is internal.

export { init } from './client.ts'
export { uuidv7 } from './uuid.ts'
export { TallyError } from './errors.ts'
export type { TallyErrorCode } from './errors.ts'
export type {
  ClientStats,
  FetchLike,
  JsonObject,
  JsonValue,
  RejectedEvent,
  StorageOption,
  TallyClient,
  TallyEvent,
  TallyOptions,
  TrackOptions
} from './types.ts'
