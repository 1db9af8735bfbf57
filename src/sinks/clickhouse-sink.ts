// A ClickHouse server as a sink (a URL like TALLY_STORE's): the export rows in a table of the same
// columns, ReplacingMergeTree ordered by (app_id, event_id) and partitioned by event day, so an
// event written twice (a retried batch, an export after anonymisation) is one row after merges and
// in FINAL reads — upsert by event_id. Each batch is also inserted with a deduplication token
// (sink and batch number), so a retried insert of the same batch is dropped by the server at once.
// Erasure deletes the user's rows with a synchronous mutation.

import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { batchSelect, EXPORT_COLUMNS, rangeParams } from './export-rows.ts';
import { redactUrl, type ClickHouseSinkConfig } from './sink-config.ts';
import { errorText, type BatchToWrite, type SinkWriter, type WriteResult } from './sink-writer.ts';

export function clickhouseError(err: unknown, config: ClickHouseSinkConfig): TallyError {
  if (err instanceof TallyError) return err;
  const text = errorText(err);
  const where = redactUrl(config.url);
  const code = (err as { code?: string }).code;
  if (/Authentication failed|AUTHENTICATION_FAILED|REQUIRED_PASSWORD|password is incorrect/i.test(text) || code === '516' || code === '194') return new TallyError('TALLY_ERR_SINK_AUTH', [where], { cause: err });
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|socket hang up|Timeout error|timed out/i.test(text) || (code !== undefined && /^E[A-Z]+$/.test(code))) return new TallyError('TALLY_ERR_SINK_UNREACHABLE', [`${where}: ${text}`], { cause: err });
  return new TallyError('TALLY_ERR_SINK_WRITE_FAILED', [text.slice(0, 200)], { cause: err });
}

export function createClickHouseSink(store: StoreConnection, config: ClickHouseSinkConfig, sinkId: string, connectTimeoutMs: number): SinkWriter {
  const url = new URL(config.url);
  const table = `\`${config.database}\`.\`${config.table}\``;

  async function withClient<T>(use: (c: ClickHouseClient) => Promise<T>): Promise<T> {
    const client = createClient({
      url: `${url.protocol}//${url.host}`,
      username: decodeURIComponent(url.username) || 'default',
      password: decodeURIComponent(url.password),
      request_timeout: Math.max(connectTimeoutMs, 60_000),
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      await client.ping({ select: true }).then((r) => {
        if (!r.success) throw r.error;
      });
      return await use(client);
    } catch (err) {
      throw clickhouseError(err, config);
    } finally {
      await client.close().catch(() => {});
    }
  }

  async function ensureTable(c: ClickHouseClient): Promise<void> {
    await c.command({ query: `CREATE DATABASE IF NOT EXISTS \`${config.database}\`` });
    await c.command({
      query: `CREATE TABLE IF NOT EXISTS ${table} (${EXPORT_COLUMNS.map(([n, t]) => `\`${n}\` ${t}`).join(', ')})
        ENGINE = ReplacingMergeTree PARTITION BY toDate(timestamp) ORDER BY (app_id, event_id)
        SETTINGS non_replicated_deduplication_window = 1000`,
    });
    const rs = await c.query({ query: 'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {t:String}', query_params: { db: config.database, t: config.table }, format: 'JSONEachRow' });
    const have = new Map((await rs.json<{ name: string; type: string }>()).map((r) => [r.name, r.type]));
    const problems: string[] = [];
    for (const [name, type] of EXPORT_COLUMNS) {
      const got = have.get(name);
      if (got === undefined) problems.push(`column ${name} is missing`);
      else if (got.replace(/\s/g, '') !== type.replace(/\s/g, '')) problems.push(`column ${name} is ${got}, expected ${type}`);
    }
    if (problems.length > 0) throw new TallyError('TALLY_ERR_SINK_SCHEMA_DRIFT', [`${config.database}.${config.table}`, problems.slice(0, 5).join('; ')]);
  }

  return {
    async write(batch: BatchToWrite): Promise<WriteResult> {
      const rows = await store.query<Record<string, unknown>>(batchSelect(batch.eventColumns), rangeParams(batch.sink.appId, batch.from, batch.to));
      return withClient(async (c) => {
        await ensureTable(c);
        if (rows.length === 0) return { rows: 0, bytes: 0 };
        const body = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
        await c.exec({
          query: `INSERT INTO ${table} FORMAT JSONEachRow`,
          values: Readable.from([body]),
          clickhouse_settings: { insert_deduplication_token: `${sinkId}-${batch.batchSeq}-${batch.to.storedAt}-${batch.to.eventId}`, insert_deduplicate: 1, date_time_input_format: 'best_effort' },
        }).then(async (r) => {
          for await (const _ of r.stream) {
            // drain the answer
          }
        });
        return { rows: rows.length, bytes: Buffer.byteLength(body) };
      });
    },

    eraseUser(appId: string, userId: string): Promise<number> {
      return withClient(async (c) => {
        const exists = await c.query({ query: 'SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {t:String}', query_params: { db: config.database, t: config.table }, format: 'JSONEachRow' });
        if (Number((await exists.json<{ n: string | number }>())[0]?.n ?? 0) === 0) return 0;
        const params = { app: appId, user: userId };
        const where = 'app_id = {app:String} AND (user_id = {user:String} OR anonymous_id = {user:String})';
        const counted = await c.query({ query: `SELECT count() AS n FROM ${table} FINAL WHERE ${where}`, query_params: params, format: 'JSONEachRow' });
        const n = Number((await counted.json<{ n: string | number }>())[0]?.n ?? 0);
        if (n > 0) await c.command({ query: `ALTER TABLE ${table} DELETE WHERE ${where}`, query_params: params, clickhouse_settings: { mutations_sync: '2' } });
        return n;
      });
    },
  };
}
