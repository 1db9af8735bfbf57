// Reads that see every acknowledged write: the connection's queries and commands (an INSERT …
// SELECT or a mutation reads too) — on its own lanes and on the isolated lanes raw SQL runs on —
// first wait until the ingest log's loader has passed a position. Inserts of rows and the ingest
// lane pass straight through, so the loader, which writes and looks ids up on the ingest lane,
// never waits on its own barrier.
//
// The position is the one pinned for the work in progress (`pinReadPosition`: an API request pins
// the log's position when it arrives, so all of its statements wait for the same events, not each
// for whatever was acknowledged since); unpinned work waits for everything acknowledged so far.

import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreConnection } from './connection.ts';

export interface ReadBarrier {
  /** the position of the last acknowledged write */
  position(): number;
  /** resolves once every write up to `position` is in the store (a bounded wait) */
  visible(position: number): Promise<void>;
}

const pinned = new AsyncLocalStorage<number>();

/** Runs `fn` with reads waiting for `position` at most (an API request: the position it arrived at). */
export function pinReadPosition<T>(position: number, fn: () => T): T {
  return pinned.run(position, fn);
}

export function withReadBarrier(store: StoreConnection, barrier: ReadBarrier): StoreConnection {
  const wait = () => barrier.visible(pinned.getStore() ?? barrier.position());
  return {
    ...store,
    async query(sql, params, options) {
      await wait();
      return store.query(sql, params, options);
    },
    async command(sql, params, options) {
      await wait();
      return store.command(sql, params, options);
    },
    lane(kind) {
      const lane = store.lane(kind);
      return kind === 'ingest' ? lane : withReadBarrier(lane, barrier);
    },
  };
}
