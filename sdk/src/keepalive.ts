// Sizing for `fetch(..., { keepalive: true })`, the only way to send with an Authorization header
// while a page goes away (sendBeacon cannot set headers, and the server takes the key only from
// the header). Browsers refuse keepalive requests once the bodies of all keepalive requests in
// flight exceed 64 KiB, so the queue is cut into 16 KiB chunks whose sum stays within that budget;
// whatever does not fit stays queued (and persisted) for the next page load.

import type { TallyEvent } from './types.ts'

/** Browsers' limit for keepalive bodies in flight, minus a margin. */
export const KEEPALIVE_BUDGET_BYTES = 64 * 1024 - 512
/** Several smaller requests: one failing (or hitting a server body limit) loses less. */
export const KEEPALIVE_CHUNK_BYTES = 16 * 1024

const BODY_OVERHEAD_BYTES = '{"events":[]}'.length

export type KeepaliveChunk = { events: TallyEvent[], bytes: number }

const encoder = new TextEncoder()

export function byteLength (text: string): number {
  return encoder.encode(text).length
}

/**
 * Cuts `events` (oldest first) into request bodies of at most `maxChunkBytes` whose total stays
 * within `budgetBytes`. An event too large for any chunk is skipped (it keeps its place in the
 * queue for a normal request).
 */
export function chunkForKeepalive (events: TallyEvent[], budgetBytes: number, maxChunkBytes = KEEPALIVE_CHUNK_BYTES): KeepaliveChunk[] {
  const chunks: KeepaliveChunk[] = []
  let remaining = budgetBytes
  let current: KeepaliveChunk = { events: [], bytes: BODY_OVERHEAD_BYTES }
  const close = (): void => {
    if (current.events.length === 0) return
    chunks.push(current)
    remaining -= current.bytes
    current = { events: [], bytes: BODY_OVERHEAD_BYTES }
  }
  for (const event of events) {
    const eventBytes = byteLength(JSON.stringify(event))
    if (BODY_OVERHEAD_BYTES + eventBytes > maxChunkBytes) continue
    let added = eventBytes + (current.events.length > 0 ? 1 : 0) // + the comma
    if (current.bytes + added > maxChunkBytes) {
      close()
      added = eventBytes
    }
    if (current.bytes + added > remaining) break
    current.events.push(event)
    current.bytes += added
  }
  close()
  return chunks
}
