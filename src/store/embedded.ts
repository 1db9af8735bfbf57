// The embedded transport: the ClickHouse engine in this process through chDB, on one data
// directory. The engine binds one directory per process, so one Tally process owns it (see
// lock.ts). Results come back as bytes and are parsed once here.

import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { StoreError, settingsClause, type InsertResult, type QueryOptions, type QueryParams, type StoreConnection } from './connection.ts';

interface ChdbLikeError {
  message: string;
  clickhouseCode?: number;
}

function wrap(err: unknown): StoreError {
  const e = err as ChdbLikeError;
  const code = typeof e?.clickhouseCode === 'number' ? e.clickhouseCode : undefined;
  return new StoreError(String(e?.message ?? err), code, err);
}

function parseRows<T>(text: string): T[] {
  if (text.length === 0) return [];
  const rows: T[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) rows.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
  }
  return rows;
}

export function createEmbeddedConnection(dir: string): StoreConnection {
  mkdirSync(dir, { recursive: true });
  const session = new Session(dir, {
    connectionArgs: ['--output_format_json_quote_64bit_integers=0', '--date_time_output_format=iso'],
  });

  return {
    kind: 'embedded',
    async query<T>(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
      try {
        const full = sql + settingsClause(options.settings);
        const result = await session.queryBindAsync(full, params, { format: 'JSONEachRow', timeout: options.timeoutMs });
        return parseRows<T>(result.text());
      } catch (err) {
        throw wrap(err);
      }
    },
    async command(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<void> {
      try {
        await session.queryBindAsync(sql + settingsClause(options.settings), params, { format: 'TSV', timeout: options.timeoutMs });
      } catch (err) {
        throw wrap(err);
      }
    },
    async insertJsonEachRow(table: string, rows: Buffer, options: QueryOptions = {}): Promise<InsertResult> {
      try {
        const summary = await session.insert({ table, values: rows, format: 'JSONEachRow', settings: options.settings as Record<string, string | number> | undefined });
        return { rowsWritten: summary.rowsSent ?? summary.rowsWritten };
      } catch (err) {
        throw wrap(err);
      }
    },
    async close(): Promise<void> {
      session.close();
    },
  };
}
