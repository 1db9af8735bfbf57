// Reads that see every acknowledged write: the connection's queries and commands (an INSERT …
// SELECT or a mutation reads too) — on its own lanes and on the isolated lanes raw SQL runs on —
// first wait on `visible` (the ingest log's loader passing what was acknowledged before them).
// Inserts of rows and the ingest lane pass straight through, so the loader, which writes and
// looks ids up on the ingest lane, never waits on its own barrier.

import type { StoreConnection } from './connection.ts';

export function withReadBarrier(store: StoreConnection, visible: () => Promise<void>): StoreConnection {
  return {
    ...store,
    async query(sql, params, options) {
      await visible();
      return store.query(sql, params, options);
    },
    async command(sql, params, options) {
      await visible();
      return store.command(sql, params, options);
    },
    lane(kind) {
      const lane = store.lane(kind);
      return kind === 'ingest' ? lane : withReadBarrier(lane, visible);
    },
  };
}
