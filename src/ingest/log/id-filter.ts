// Which event ids the store may hold, answered in memory: a Bloom filter of `app_id \0 event_id`
// keys. "No" is certain (the event is new); "maybe" is confirmed against the store, so a false
// positive costs one lookup and never a wrong receipt. The two hashes are ones the engine computes
// too (CRC32 and javaHash of the same bytes), so the store's ids are added by a query that returns
// their hashes, not their text. It grows by adding a layer twice the size when the current one is
// full (a scalable Bloom filter: Almeida et al., "Scalable Bloom Filters", 2007), so memory stays
// about 2 bytes per stored id at a 0.1% false-positive rate.

import { crc32 } from 'node:zlib';
import type { StoreConnection } from '../../store/index.ts';

/** stored ids read into the filter per query when it is filled from the store */
const FILL_CHUNK = 500_000;

/** bits per key for about 0.1% false positives (−ln(0.001) / ln(2)²) */
const BITS_PER_KEY = 14.4;
/** hash functions per key at that size (ln 2 × bits per key, rounded) */
const HASHES = 10;

/** the engine's javaHash of an ASCII string: Java's String.hashCode, as an unsigned 32-bit number */
export function javaHash32(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h >>> 0;
}

/** the two hashes a key is filed under, computed once by a caller that both asks and adds */
export function keyHash1(key: string): number {
  return crc32(key);
}
export const keyHash2 = javaHash32;

/** the SQL giving the same two hashes for a stored row (app ids and UUID text are ASCII) */
export const STORE_KEY_HASHES_SQL = "CRC32(concat(app_id, '\\0', toString(event_id))) AS h1, reinterpretAsUInt32(javaHash(concat(app_id, '\\0', toString(event_id)))) AS h2";

interface Layer {
  readonly words: Uint32Array;
  readonly bits: number;
  readonly capacity: number;
  count: number;
}

function layer(capacity: number): Layer {
  const bits = Math.max(1024, Math.ceil(capacity * BITS_PER_KEY));
  return { words: new Uint32Array(Math.ceil(bits / 32)), bits, capacity, count: 0 };
}

function addTo(l: Layer, h1: number, h2: number): void {
  for (let i = 0; i < HASHES; i++) {
    const bit = (h1 + i * h2) % l.bits;
    l.words[bit >>> 5] |= 1 << (bit & 31);
  }
  l.count++;
}

function layerHas(l: Layer, h1: number, h2: number): boolean {
  for (let i = 0; i < HASHES; i++) {
    const bit = (h1 + i * h2) % l.bits;
    if ((l.words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

/** A growing Bloom filter of stored event keys; `initialCapacity` keys before the first growth. */
export function createIdFilter(initialCapacity = 1_000_000) {
  const layers: Layer[] = [layer(initialCapacity)];

  function addHashes(h1: number, h2: number): void {
    let top = layers[layers.length - 1];
    if (top.count >= top.capacity) {
      top = layer(top.capacity * 2);
      layers.push(top);
    }
    addTo(top, h1, h2);
  }

  function mayHaveHashes(h1: number, h2: number): boolean {
    for (const l of layers) if (layerHas(l, h1, h2)) return true;
    return false;
  }

  return {
    add(key: string): void {
      addHashes(keyHash1(key), keyHash2(key));
    },
    /** adds a key by the two hashes the engine computed for it (STORE_KEY_HASHES_SQL) */
    addHashes,
    /** false: certainly never added; true: maybe */
    mayHave(key: string): boolean {
      return mayHaveHashes(keyHash1(key), keyHash2(key));
    },
    /** mayHave, by the key's two hashes (keyHash1, keyHash2) */
    mayHaveHashes,
    /** keys added, and bytes held */
    size(): { keys: number; bytes: number } {
      let keys = 0;
      let bytes = 0;
      for (const l of layers) {
        keys += l.count;
        bytes += l.words.byteLength;
      }
      return { keys, bytes };
    },
  };
}

export type IdFilter = ReturnType<typeof createIdFilter>;

/**
 * Adds the hashes of every id `table` holds to `filter`, in chunks (the engine computes the
 * hashes; no id text crosses over). Resolves with how many rows were read.
 */
export async function fillFromStore(filter: IdFilter, store: StoreConnection, table: string): Promise<number> {
  const [{ n }] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${table}`);
  const chunks = Math.max(1, Math.ceil(n / FILL_CHUNK));
  for (let k = 0; k < chunks; k++) {
    const [part] = await store.query<{ h1: number[]; h2: number[] }>(
      `SELECT groupArray(h1) AS h1, groupArray(h2) AS h2 FROM (SELECT ${STORE_KEY_HASHES_SQL} FROM ${table} WHERE cityHash64(event_id) % {chunks:UInt32} = {k:UInt32})`,
      { chunks, k },
    );
    for (let i = 0; i < part.h1.length; i++) filter.addHashes(part.h1[i], part.h2[i]);
  }
  return n;
}
