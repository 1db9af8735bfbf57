// The store's one small interface. Two transports sit behind it — the embedded engine (chDB, in
// process) and a ClickHouse server over HTTP — and nothing above this module knows which runs.
// Queries always bind values as {name:Type} parameters; SQL text never carries user strings.

import type { PropertyColumns } from './property-columns.ts';

export type QueryParams = Readonly<Record<string, unknown>>;

export interface QueryOptions {
  /** abort the query after this long (ms) */
  readonly timeoutMs?: number;
  /** engine settings for this query only; keys come from code, never from users */
  readonly settings?: Readonly<Record<string, string | number>>;
}

/** A long list of values a statement reads as a table (see StoreConnection.queryWithValues). */
export interface ValueList {
  readonly type: 'UUID' | 'String';
  readonly values: readonly string[];
}

export interface InsertResult {
  readonly rowsWritten: number;
}

/**
 * `ingest`: the connection inserts run on (and the batcher's id lookups), never queued behind a
 * query; `isolated`: a private connection for untrusted SQL, whose failures cannot reach anyone
 * else's statements (close it when done).
 */
export type LaneKind = 'ingest' | 'isolated';

export interface StoreConnection {
  readonly kind: 'embedded' | 'server';
  /** the event properties this store keeps in columns of their own; one registry for every lane */
  readonly propertyColumns: PropertyColumns;
  /** rows of a SELECT (JSONEachRow; 64-bit integers as numbers) */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams, options?: QueryOptions): Promise<T[]>;
  /**
   * rows of a SELECT that reads a long list of values as a table: `sql` is given the table's
   * expression, whose one column is `value`. The embedded engine reads the list from a file: a
   * lookup of 20,000 ids took 25–48 ms that way and 128 ms with the ids bound as a parameter
   * (bench/storage/id-lookup.ts); a server gets the parameter
   */
  queryWithValues<T = Record<string, unknown>>(list: ValueList, sql: (table: string) => string, params?: QueryParams, options?: QueryOptions): Promise<T[]>;
  /** a statement without result rows (DDL, ALTER, OPTIMIZE) */
  command(sql: string, params?: QueryParams, options?: QueryOptions): Promise<void>;
  /** insert newline-delimited JSON rows; resolves only after the engine committed them */
  insertJsonEachRow(table: string, rows: Buffer, options?: QueryOptions): Promise<InsertResult>;
  /** the same store through another lane (see LaneKind) */
  lane(kind: LaneKind): StoreConnection;
  close(): Promise<void>;
}

/** An engine error with the engine's numeric code kept for logs; never shown to clients (what a
 * code means: engine-errors.ts). */
export class StoreError extends Error {
  readonly engineCode: number | undefined;
  constructor(message: string, engineCode: number | undefined, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreError';
    this.engineCode = engineCode;
  }
}

/** a list bound as one array parameter (a transport that hands the engine no files): the table expression to read it from, and the parameters with it */
export function valuesAsParameter(list: ValueList, params: QueryParams): { table: string; params: QueryParams } {
  return { table: `(SELECT arrayJoin({tally_values:Array(${list.type})}) AS value)`, params: { ...params, tally_values: list.values } };
}

export function settingsClause(settings: QueryOptions['settings']): string {
  if (!settings) return '';
  const parts = Object.entries(settings).map(([k, v]) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(k)) throw new Error(`bad setting name ${k}`);
    return `${k} = ${typeof v === 'number' ? v : `'${String(v).replace(/[\\']/g, '\\$&')}'`}`;
  });
  return parts.length ? ` SETTINGS ${parts.join(', ')}` : '';
}
