// The keyset cursor of lists ordered by (time, id) newest first: raw events (timestamp, event_id)
// and the quarantine (received_at, quarantine_id). The token is base64url of `[timeMs, "uuid"]`;
// it is opaque to clients, so anything else they send is forged. Decoding checks every component
// (an integer time the engine can hold, a lowercase UUID, exactly two of them, the canonical
// encoding) and throws TALLY_ERR_CURSOR_INVALID (400): a cursor never reaches SQL unchecked.

import { TallyError } from '../errors.ts';

export interface KeysetPosition {
  /** epoch milliseconds, UTC */
  readonly timeMs: number;
  /** lowercase UUID */
  readonly id: string;
}

/** tokens are about 70 characters; the API accepts at most 200 */
const MAX_CURSOR_CHARS = 200;
const BASE64URL_RE = /^[A-Za-z0-9_-]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** the last millisecond DateTime64(3) holds */
const MAX_TIME_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

function invalid(): never {
  throw new TallyError('TALLY_ERR_CURSOR_INVALID');
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.timeMs, position.id])).toString('base64url');
}

export function decodeKeysetCursor(cursor: string): KeysetPosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !BASE64URL_RE.test(cursor)) invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) invalid();
  const [timeMs, id] = parsed as [unknown, unknown];
  if (typeof timeMs !== 'number' || !Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs > MAX_TIME_MS) invalid();
  if (typeof id !== 'string' || !UUID_RE.test(id)) invalid();
  const position = { timeMs, id };
  // one token per position: any other spelling of the same values was not made by the API
  if (encodeKeysetCursor(position) !== cursor) invalid();
  return position;
}
