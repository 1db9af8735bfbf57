// UUID generation. `uuidv7()` makes event ids (RFC 9562 §5.7): 48-bit Unix ms timestamp, version
// 7, a 12-bit counter in rand_a (§6.2 method 1) so ids made in the same millisecond still sort in
// creation order, variant 10, 62 random bits. The clock never appears to go backwards: a smaller
// Date.now() reuses the last timestamp and keeps counting.
// Uses only crypto.getRandomValues (browsers and Node ≥ 19); crypto.randomUUID needs a secure
// context in browsers.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function format (bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-'
    out += HEX[bytes[i]]
  }
  return out
}

function randomBytes (length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length))
}

export type UuidV7Deps = {
  /** Milliseconds since the Unix epoch. */
  now: () => number
}

/** A generator with its own monotonic state (tests use one with a fake clock). */
export function createUuidV7Generator (deps: UuidV7Deps = { now: () => Date.now() }): () => string {
  let lastMs = -1
  let counter = 0
  // Seeded with 11 random bits, leaving at least 2048 increments before the 12-bit counter overflows.
  const seedCounter = (): number => {
    const bytes = randomBytes(2)
    return ((bytes[0] << 8) | bytes[1]) & 0x7ff
  }

  return function uuidv7 (): string {
    const nowMs = Math.floor(deps.now())
    if (nowMs > lastMs) {
      lastMs = nowMs
      counter = seedCounter()
    } else {
      counter++
      if (counter > 0xfff) {
        // Counter exhausted in this millisecond: borrow the next one (§6.2: "increment the timestamp").
        lastMs++
        counter = seedCounter()
      }
    }
    const bytes = randomBytes(16)
    const high = Math.floor(lastMs / 0x100000000)
    const low = lastMs >>> 0
    bytes[0] = (high >>> 8) & 0xff
    bytes[1] = high & 0xff
    bytes[2] = (low >>> 24) & 0xff
    bytes[3] = (low >>> 16) & 0xff
    bytes[4] = (low >>> 8) & 0xff
    bytes[5] = low & 0xff
    bytes[6] = 0x70 | (counter >>> 8)
    bytes[7] = counter & 0xff
    bytes[8] = 0x80 | (bytes[8] & 0x3f)
    return format(bytes)
  }
}

/** A UUID v7 for an event id: time-ordered, unique, monotonic within this JavaScript realm. */
export const uuidv7: () => string = createUuidV7Generator()

/** A random (version 4) UUID, used for anonymous ids: reveals nothing, not even a time. */
export function uuidv4 (): string {
  const bytes = randomBytes(16)
  bytes[6] = 0x40 | (bytes[6] & 0x0f)
  bytes[8] = 0x80 | (bytes[8] & 0x3f)
  return format(bytes)
}

/** The millisecond timestamp stored in a UUID v7. */
export function uuidv7Timestamp (uuid: string): number {
  const hex = uuid.replace(/-/g, '').slice(0, 12)
  return Number.parseInt(hex, 16)
}
