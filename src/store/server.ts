// The server transport: the same interface over HTTP to a ClickHouse server or cluster, with
// compression, timeouts and retries of idempotent reads.

import { Readable } from 'node:stream';
import { createClient } from '@clickhouse/client';
import { StoreError, type InsertResult, type QueryOptions, type QueryParams, type StoreConnection } from './connection.ts';

export interface ServerOptions {
  readonly url: string;
  /** per-request timeout (default 30000 ms) */
  readonly requestTimeoutMs?: number;
  /** retries of reads after a network error (default 2) */
  readonly readRetries?: number;
}

function wrap(err: unknown): StoreError {
  const e = err as { message?: string; code?: string };
  const code = e?.code !== undefined && /^\d+$/.test(e.code) ? Number(e.code) : undefined;
  return new StoreError(String(e?.message ?? err), code, err);
}

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'UND_ERR_SOCKET';
}

export function createServerConnection(options: ServerOptions): StoreConnection {
  const url = new URL(options.url);
  const database = url.pathname.replace(/^\//, '') || undefined;
  const client = createClient({
    url: `${url.protocol}//${url.host}`,
    username: decodeURIComponent(url.username) || 'default',
    password: decodeURIComponent(url.password),
    database,
    request_timeout: options.requestTimeoutMs ?? 30_000,
    compression: { request: true, response: true },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0, date_time_output_format: 'iso' },
  });
  const readRetries = options.readRetries ?? 2;

  return {
    kind: 'server',
    async query<T>(sql: string, params: QueryParams = {}, opts: QueryOptions = {}): Promise<T[]> {
      for (let attempt = 0; ; attempt++) {
        try {
          const rs = await client.query({
            query: sql,
            query_params: params as Record<string, unknown>,
            format: 'JSONEachRow',
            clickhouse_settings: { ...(opts.settings ?? {}), ...(opts.timeoutMs ? { max_execution_time: Math.ceil(opts.timeoutMs / 1000) } : {}) } as never,
          });
          return (await rs.json()) as T[];
        } catch (err) {
          if (attempt < readRetries && isNetworkError(err)) continue;
          throw wrap(err);
        }
      }
    },
    async command(sql: string, params: QueryParams = {}, opts: QueryOptions = {}): Promise<void> {
      try {
        await client.command({ query: sql, query_params: params as Record<string, unknown>, clickhouse_settings: opts.settings as never });
      } catch (err) {
        throw wrap(err);
      }
    },
    async insertJsonEachRow(table: string, rows: Buffer, opts: QueryOptions = {}): Promise<InsertResult> {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(table)) throw new Error(`bad table name ${table}`);
      try {
        const result = await client.exec({
          query: `INSERT INTO ${table} FORMAT JSONEachRow`,
          values: Readable.from([rows]),
          clickhouse_settings: opts.settings as never,
        });
        result.stream.resume();
        const written = Number(result.summary?.written_rows ?? 0);
        return { rowsWritten: written };
      } catch (err) {
        throw wrap(err);
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
