// The server transport: the same interface over HTTP to a ClickHouse server or cluster.
//   - Compression both ways (gzip), keep-alive connections, a timeout on every request (a query's
//     own `timeoutMs` also sets the engine's max_execution_time and aborts the HTTP request).
//   - Reads are retried with backoff and jitter after network errors and transient engine errors; commands
//     and inserts are not (an insert that may have landed is answered 503 by the batcher, and the
//     client's retry is deduplicated by event id).
//   - Errors keep the engine's numeric code (both the old "Code: N, e.displayText()" and the new
//     "Code: N. DB::Exception" forms) and type; credentials never appear in messages.
//   - The server is probed once, at first use, for the settings it knows and whether it binds
//     {name:Type} parameters, so an older server gets requests it accepts (Tally's schema itself
//     needs a current ClickHouse; see docs/deploy.md).

import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseSettings } from '@clickhouse/client';
import { StoreError, valuesAsParameter, type InsertResult, type QueryOptions, type QueryParams, type StoreConnection, type ValueList } from './connection.ts';
import { isTransientCode } from './engine-errors.ts';
import { PropertyColumns } from './property-columns.ts';
import { retryWithBackoff } from '../retry.ts';

export interface ServerOptions {
  readonly url: string;
  /** per-request timeout (default 30000 ms) */
  readonly requestTimeoutMs?: number;
  /** retries of reads after a network or transient engine error (default 2) */
  readonly readRetries?: number;
  /** first retry delay, doubled per attempt; each wait adds up to half of it again as jitter (default 100 ms) */
  readonly retryDelayMs?: number;
  /** most open HTTP connections (default 10) */
  readonly maxOpenConnections?: number;
  /** engine time limit of a query (not a command or insert) that names none, in ms (default 0: none) */
  readonly defaultQueryTimeoutMs?: number;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** The engine code and type of a client error, from its fields or its message. */
export function engineCodeOf(err: unknown): { code: number | undefined; type: string | undefined } {
  const e = err as { code?: unknown; type?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : '';
  let code = typeof e?.code === 'string' && /^\d+$/.test(e.code) ? Number(e.code) : typeof e?.code === 'number' ? e.code : undefined;
  if (code === undefined) {
    const m = /\bCode: (\d+)[.,]/.exec(message);
    if (m) code = Number(m[1]);
  }
  const type = typeof e?.type === 'string' ? e.type : /\(([A-Z][A-Z0-9_]{2,})\)/.exec(message)?.[1];
  return { code, type };
}

function redact(message: string, password: string): string {
  return password ? message.split(password).join('***') : message;
}

function wrap(err: unknown, password: string): StoreError {
  if (err instanceof StoreError) return err;
  const { code, type } = engineCodeOf(err);
  const raw = err instanceof Error ? err.message : String(err);
  // old servers: "Code: 193, e.displayText() = DB::Exception: Wrong password..., e.what() = DB::Exception"
  const text = redact(raw.replace(/, e\.what\(\) = DB::Exception\s*$/, '').replace(/e\.displayText\(\) = /, '').trim(), password);
  const wrapped = new StoreError(type && !text.includes(type) ? `${text} (${type})` : text, code, err);
  return wrapped;
}

function isNetworkError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e?.cause?.code === 'string' && NETWORK_CODES.has(e.cause.code)) return true;
  return typeof e?.message === 'string' && /socket hang up|Timeout error|ECONNRESET|ECONNREFUSED/.test(e.message);
}

export function isRetryableRead(err: unknown): boolean {
  if (isNetworkError(err)) return true;
  return isTransientCode(engineCodeOf(err).code);
}

interface ServerCapabilities {
  readonly version: string;
  /** binds {name:Type} parameters (param_<name> in the URL) */
  readonly queryParameters: boolean;
  /** settings every request carries, limited to those this server knows */
  readonly settings: ClickHouseSettings;
  readonly insertSettings: ClickHouseSettings;
}

const WANTED_SETTINGS = ['output_format_json_quote_64bit_integers', 'date_time_output_format', 'insert_distributed_sync', 'distributed_foreground_insert'];

export function createServerConnection(options: ServerOptions): StoreConnection {
  const url = new URL(options.url);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
  const password = decodeURIComponent(url.password);
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const client = createClient({
    url: `${url.protocol}//${url.host}`,
    username: decodeURIComponent(url.username) || 'default',
    password,
    database,
    request_timeout: requestTimeoutMs,
    max_open_connections: options.maxOpenConnections ?? 10,
    compression: { request: true, response: true },
    keep_alive: { enabled: true },
    // errors are thrown to the caller and logged there, with credentials removed
    log: { level: ClickHouseLogLevel.OFF },
  });
  const readRetries = options.readRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 100;
  let capabilities: Promise<ServerCapabilities> | undefined;

  async function probe(): Promise<ServerCapabilities> {
    const rs = await client.query({
      query: `SELECT version() AS version, groupArray(name) AS names FROM system.settings WHERE name IN (${WANTED_SETTINGS.map((s) => `'${s}'`).join(', ')})`,
      format: 'JSONEachRow',
    });
    const [row] = (await rs.json()) as Array<{ version: string; names: string[] }>;
    const known = new Set(row.names);
    let queryParameters = true;
    try {
      await (await client.query({ query: 'SELECT {p:UInt8} AS p', query_params: { p: 1 }, format: 'JSONEachRow' })).json();
    } catch {
      queryParameters = false;
    }
    const settings: Record<string, unknown> = {};
    if (known.has('output_format_json_quote_64bit_integers')) settings.output_format_json_quote_64bit_integers = 0;
    if (known.has('date_time_output_format')) settings.date_time_output_format = 'iso';
    // inserts through a Distributed table return once every shard has them, so a redelivery that
    // follows is deduplicated against them
    const insertSettings: Record<string, unknown> = known.has('distributed_foreground_insert')
      ? { distributed_foreground_insert: 1 }
      : known.has('insert_distributed_sync')
        ? { insert_distributed_sync: 1 }
        : {};
    return { version: row.version, queryParameters, settings: settings as ClickHouseSettings, insertSettings: insertSettings as ClickHouseSettings };
  }

  function caps(): Promise<ServerCapabilities> {
    capabilities ??= probe().catch((err: unknown) => {
      capabilities = undefined; // probe again on the next call
      throw err;
    });
    return capabilities;
  }

  function perCall(c: ServerCapabilities, opts: QueryOptions, params: QueryParams, sql: string, defaultTimeoutMs = 0) {
    if (Object.keys(params).length > 0 && !c.queryParameters) {
      throw new StoreError(`ClickHouse ${c.version} does not bind query parameters; Tally needs a current server`, undefined);
    }
    const settings: Record<string, unknown> = { ...c.settings, ...(opts.settings ?? {}) };
    const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
    if (timeoutMs && settings.max_execution_time === undefined) settings.max_execution_time = Math.max(1, Math.ceil(timeoutMs / 1000));
    return {
      query: sql,
      query_params: params as Record<string, unknown>,
      clickhouse_settings: settings as ClickHouseSettings,
      abort_signal: opts.timeoutMs ? AbortSignal.timeout(Math.min(requestTimeoutMs, opts.timeoutMs + 1000)) : undefined,
    };
  }

  const conn: StoreConnection = {
    kind: 'server',
    propertyColumns: new PropertyColumns(),
    async query<T>(sql: string, params: QueryParams = {}, opts: QueryOptions = {}): Promise<T[]> {
      const read = async () => {
        const rs = await client.query({ ...perCall(await caps(), opts, params, sql, options.defaultQueryTimeoutMs), format: 'JSONEachRow' });
        return (await rs.json()) as T[];
      };
      try {
        return await retryWithBackoff(read, { retries: readRetries, baseDelayMs: retryDelayMs, maxDelayMs: retryDelayMs * 2 ** readRetries, jitter: 'added', shouldRetry: isRetryableRead });
      } catch (err) {
        throw wrap(err, password);
      }
    },
    // the server reads no files of this process: the list goes as a parameter
    queryWithValues<T>(list: ValueList, sql: (table: string) => string, params: QueryParams = {}, opts: QueryOptions = {}): Promise<T[]> {
      const bound = valuesAsParameter(list, params);
      return conn.query<T>(sql(bound.table), bound.params, opts);
    },
    async command(sql: string, params: QueryParams = {}, opts: QueryOptions = {}): Promise<void> {
      try {
        await client.command(perCall(await caps(), opts, params, sql));
      } catch (err) {
        throw wrap(err, password);
      }
    },
    async insertJsonEachRow(table: string, rows: Buffer, opts: QueryOptions = {}): Promise<InsertResult> {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(table)) throw new StoreError(`bad table name ${table}`, undefined);
      try {
        const c = await caps();
        const call = perCall(c, opts, {}, `INSERT INTO ${table} FORMAT JSONEachRow`);
        const result = await client.exec({ ...call, clickhouse_settings: { ...c.insertSettings, ...call.clickhouse_settings }, values: Readable.from([rows]) });
        // the answer comes after the insert finished; drain it so the connection is reused
        for await (const _ of result.stream) void _;
        return { rowsWritten: Number(result.summary?.written_rows ?? 0) };
      } catch (err) {
        throw wrap(err, password);
      }
    },
    // every HTTP request has its own result stream, so no lane is needed to keep answers apart
    lane: () => ({ ...conn, close: async () => {} }),
    async close(): Promise<void> {
      await client.close();
    },
  };
  return conn;
}
