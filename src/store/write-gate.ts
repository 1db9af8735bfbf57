// A gate in front of inserts. Erasing a user must not race with ingest: an event of that user
// committed while the delete runs would survive it, and a rollup rebuilt while new events flow in
// would count them twice. `hold(fn)` waits for inserts in flight, keeps new inserts waiting (the
// batcher's queue bound turns a long wait into 503s, never into lost events) and runs `fn` alone.
// Only inserts through this process are gated; other writers (Kafka workers) are not.

import type { StoreConnection } from './connection.ts';

export function createWriteGate() {
  let inFlight = 0;
  let held: Promise<void> | undefined;
  let drained: (() => void) | undefined;

  async function enter(): Promise<void> {
    while (held) await held.catch(() => {});
    inFlight++;
  }

  function leave(): void {
    inFlight--;
    if (inFlight === 0 && drained) drained();
  }

  return {
    /** the same connection; its inserts pass the gate */
    wrap(conn: StoreConnection): StoreConnection {
      const gated: StoreConnection = {
        kind: conn.kind,
        propertyColumns: conn.propertyColumns,
        query: (sql, params, options) => conn.query(sql, params, options),
        queryWithValues: (list, sql, params, options) => conn.queryWithValues(list, sql, params, options),
        command: (sql, params, options) => conn.command(sql, params, options),
        async insertJsonEachRow(table, rows, options) {
          await enter();
          try {
            return await conn.insertJsonEachRow(table, rows, options);
          } finally {
            leave();
          }
        },
        lane: (kind) => (kind === 'ingest' ? gated : conn.lane(kind)),
        close: () => conn.close(),
      };
      return gated;
    },

    /** runs `fn` with no gated insert in flight and none starting; holds queue behind one another */
    async hold<T>(fn: () => Promise<T>): Promise<T> {
      while (held) await held.catch(() => {});
      let release!: () => void;
      held = new Promise<void>((resolve) => (release = resolve));
      try {
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        drained = undefined;
        return await fn();
      } finally {
        held = undefined;
        release();
      }
    },
  };
}

export type WriteGate = ReturnType<typeof createWriteGate>;
