// Event ids. A client-made id (any UUID) is kept; a missing one is derived deterministically from
// the event's content in the UUID v7 layout (48-bit event time in ms, then hash bits), so a
// re-sent event without an id gets the same id and is never counted twice, and ids stay
// time-ordered for the store's id index.

import { hash, randomFillSync } from 'node:crypto';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function format(bytes: Uint8Array): string {
  const h = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function v7(timestampMs: number, tail: Uint8Array): string {
  const b = new Uint8Array(16);
  b.set(tail.subarray(0, 10), 6);
  const ms = Math.max(0, Math.floor(timestampMs));
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  return format(b);
}

/** A fresh random UUID v7 for `timestampMs` (default now). */
export function uuidv7(timestampMs = Date.now()): string {
  return v7(timestampMs, randomFillSync(new Uint8Array(10)));
}

/** the v7 variant's first hex digit, from the hash's own (its top two bits become 10) */
const VARIANT_DIGIT = '89ab89ab89ab89ab';

/**
 * The id of an event that came without one: same content, same id. The UUID v7 layout of
 * `v7(timestampMs, sha256(content))`, written from the hash's hex digest: a hex digest and string
 * slices cost a third of a digest Buffer and a byte array (`test/event/event-id.test.ts` pins ids).
 */
export function deriveEventId(timestampMs: number, canonicalContent: string): string {
  const h = hash('sha256', canonicalContent, 'hex');
  const ms = Math.max(0, Math.floor(timestampMs));
  // 48 bits of milliseconds: the high 16 and the low 32, each as fixed-width hex
  const high = Math.floor(ms / 2 ** 32) & 0xffff;
  const time = high.toString(16).padStart(4, '0') + (ms % 2 ** 32).toString(16).padStart(8, '0');
  const variant = VARIANT_DIGIT[Number.parseInt(h[4], 16)];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${h.slice(1, 4)}-${variant}${h.slice(5, 8)}-${h.slice(8, 20)}`;
}

/** Tally's namespace for name-based ids (RFC 9562 UUID version 5) */
const TALLY_NAMESPACE = Buffer.from('6f1c3a52-9d0b-4e57-8a66-2a41c8e0b7d3'.replaceAll('-', ''), 'hex');

/**
 * A name-based UUID version 5 (RFC 9562 §5.5: SHA-1 over a namespace and a name): the id of an
 * event whose source gave it an id that is not a UUID (a library's message id), so the same
 * message sent again gets the same event id.
 */
export function uuidv5(name: string): string {
  const digest = hash('sha1', Buffer.concat([TALLY_NAMESPACE, Buffer.from(name, 'utf8')]), 'buffer');
  const b = new Uint8Array(digest.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  return format(b);
}
