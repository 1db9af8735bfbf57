// What every kind of sink does: write one batch (the same batch always lands under the same names
// or keys, so a retry replaces what an earlier attempt wrote) and remove a user's rows (GDPR).

import type { StoreConnection } from '../store/index.ts';
import type { Cursor } from './export-rows.ts';
import type { Sink } from './sink-registry.ts';

export interface BatchToWrite {
  readonly sink: Sink;
  readonly batchSeq: number;
  readonly from: Cursor;
  readonly to: Cursor;
  /** the columns `events` has now */
  readonly eventColumns: ReadonlySet<string>;
}

export interface WriteResult {
  readonly rows: number;
  readonly bytes: number;
}

export interface SinkWriter {
  write(batch: BatchToWrite): Promise<WriteResult>;
  /** removes the rows of a user (user_id or anonymous_id) of the app; returns the rows removed */
  eraseUser(appId: string, userId: string): Promise<number>;
}

export interface WriterDeps {
  readonly store: StoreConnection;
  readonly connectTimeoutMs: number;
}

/** the file name of a batch: deterministic, sortable, one sink's files never collide with another's */
export function batchFileName(sinkId: string, batchSeq: number): string {
  return `${sinkId}-batch-${String(batchSeq).padStart(12, '0')}.parquet`;
}

/** a short message of an error for the status record (never a stack) */
export function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\s+/g, ' ').slice(0, 400);
}
