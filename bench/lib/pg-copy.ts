// `COPY … FROM STDIN` through the installed `pg` client, without pg-copy-streams: a small
// Submittable that hands the caller the connection once the server asked for data, writes chunks
// with the socket's backpressure, and resolves with the copied row count after the server's
// CommandComplete. Chunks must already be in COPY's text format (see copyText).

import { once } from 'node:events';
import type { Client, Submittable } from 'pg';

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  query(text: string): void;
  readonly stream: NodeJS.WritableStream & { readonly writableNeedDrain: boolean };
}

export interface CopyIn {
  write(chunk: Buffer): Promise<void>;
  /** ends the data and resolves with the rows the server copied */
  end(): Promise<number>;
}

/** one value in COPY text format: backslash, tab, newline and carriage return escaped */
export function copyText(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function startCopy(client: Client, sql: string): Promise<CopyIn> {
  return new Promise<CopyIn>((resolveStart, rejectStart) => {
    let connection: CopyConnection | undefined;
    let failure: Error | undefined;
    let rows = 0;
    let settle: { resolve: (n: number) => void; reject: (e: Error) => void } | undefined;
    const done = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
    done.catch(() => {}); // surfaced by end() or write()

    const copyIn: CopyIn = {
      async write(chunk) {
        if (failure) throw failure;
        if (!connection) throw new Error('COPY is not in progress');
        connection.sendCopyFromChunk(chunk);
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      },
      async end() {
        if (failure) throw failure;
        connection?.endCopyFrom();
        return done;
      },
    };
    const submittable = {
      submit(conn: CopyConnection) {
        conn.query(sql);
      },
      handleCopyInResponse(conn: CopyConnection) {
        connection = conn;
        resolveStart(copyIn);
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      handleError(err: Error) {
        failure = err;
      },
      handleReadyForQuery() {
        if (!connection) rejectStart(failure ?? new Error('the server did not start COPY'));
        if (failure) settle?.reject(failure);
        else settle?.resolve(rows);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    client.query(submittable as unknown as Submittable);
  });
}
