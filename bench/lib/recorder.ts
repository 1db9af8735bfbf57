// Records the statements Tally runs, through startTally's `wrapStore` hook, so a benchmark can
// replay exactly the SQL (and bound parameters) one API call ran, straight on the engine. Records
// only between start() and stop(); otherwise the wrapper is a plain pass-through.

import type { QueryOptions, QueryParams, StoreConnection } from '../../src/store/index.ts';

export interface RecordedStatement {
  readonly kind: 'query' | 'command';
  readonly sql: string;
  readonly params: QueryParams | undefined;
  readonly options: QueryOptions | undefined;
}

export interface StoreRecorder {
  /** pass as `wrapStore` to startTally */
  wrap(conn: StoreConnection): StoreConnection;
  start(): void;
  stop(): RecordedStatement[];
}

export function createStoreRecorder(): StoreRecorder {
  let current: RecordedStatement[] | undefined;
  return {
    wrap(conn) {
      return {
        kind: conn.kind,
        propertyColumns: conn.propertyColumns,
        query<T>(sql: string, params?: QueryParams, options?: QueryOptions) {
          current?.push({ kind: 'query', sql, params, options });
          return conn.query<T>(sql, params, options);
        },
        // ingest's id lookups, never an insight's statement: not recorded
        queryWithValues: (list, sql, params, options) => conn.queryWithValues(list, sql, params, options),
        command(sql, params, options) {
          current?.push({ kind: 'command', sql, params, options });
          return conn.command(sql, params, options);
        },
        insertJsonEachRow: (table, rows, options) => conn.insertJsonEachRow(table, rows, options),
        lane: (kind) => conn.lane(kind),
        close: () => conn.close(),
      };
    },
    start() {
      current = [];
    },
    stop() {
      const recorded = current ?? [];
      current = undefined;
      return recorded;
    },
  };
}

/** runs recorded statements one after another, as the API did; resolves when the last is done */
export async function replay(conn: StoreConnection, statements: readonly RecordedStatement[]): Promise<void> {
  for (const s of statements) {
    if (s.kind === 'query') await conn.query(s.sql, s.params, s.options);
    else await conn.command(s.sql, s.params, s.options);
  }
}
