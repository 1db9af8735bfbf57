// The one place engine error codes are classified. An engine error keeps its numeric code
// (StoreError.engineCode); what it means for Tally is decided here and nowhere else:
//   - client side: the query text or its parameters were wrong, not the engine (answer 400, log);
//   - data refusal: an insert failed on the content of a row (isolate and quarantine that row,
//     never retry the same rows, never drop the others);
//   - transient: the same read may succeed a moment later (retry with backoff);
//   - limit / forbidden: a query was stopped by a limit or refused by the engine's access rules
//     (raw SQL answers say which, in words, never the engine's text).

import { StoreError } from './connection.ts';

/** codes of errors caused by the query text or its parameters rather than the engine */
const CLIENT_SIDE_CODES: ReadonlySet<number> = new Set([
  6, 27, 36, 38, 41, 43, 44, 46, 47, 53, 60, 62, 69, 70, 72, 117, 130, 164, 179, 184, 190, 215, 241, 307, 386, 394, 396, 457, 497, 516, 530, 563,
]);

/** codes of an insert refused because of a row's content (parse, escape, type and range errors) */
const DATA_REFUSAL_CODES: ReadonlySet<number> = new Set([6, 25, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321, 376]);

/** codes worth retrying a read for: the same query may succeed a moment later */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  3, // UNEXPECTED_END_OF_FILE
  159, // TIMEOUT_EXCEEDED (server side, e.g. distributed connect)
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  242, // TABLE_IS_READ_ONLY (replica lost Keeper)
  252, // TOO_MANY_PARTS
  279, // ALL_CONNECTION_TRIES_FAILED
  319, // UNKNOWN_STATUS_OF_INSERT
  999, // KEEPER_EXCEPTION
]);

/** the limit that stopped a query, in words */
const LIMIT_REASONS: ReadonlyMap<number, string> = new Map([
  [159, 'time'], [394, 'time'], [241, 'memory'], [396, 'result size'], [158, 'rows read'], [307, 'bytes read'],
  [168, 'query size'], [167, 'query depth'], [306, 'query depth'], [191, 'join size'], [190, 'set size'], [160, 'time'],
]);

/** what the engine's access rules refused, in words */
const FORBIDDEN_REASONS: ReadonlyMap<number, string> = new Map([
  [164, 'readonly'], [497, 'access'], [452, 'settings'], [60, 'table'], [81, 'database'],
]);

function codeOf(err: unknown): number | undefined {
  return err instanceof StoreError ? err.engineCode : undefined;
}

export function isClientSideStoreError(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && CLIENT_SIDE_CODES.has(code);
}

/** true when an insert failed on the rows it carried, not on the store */
export function isDataRefusalCode(code: number | undefined): boolean {
  return code !== undefined && DATA_REFUSAL_CODES.has(code);
}

export function isTransientCode(code: number | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** the limit (in words) that stopped the query, or undefined */
export function limitReasonOf(code: number | undefined): string | undefined {
  return code === undefined ? undefined : LIMIT_REASONS.get(code);
}

/** what the engine refused (in words), or undefined */
export function forbiddenReasonOf(code: number | undefined): string | undefined {
  return code === undefined ? undefined : FORBIDDEN_REASONS.get(code);
}
