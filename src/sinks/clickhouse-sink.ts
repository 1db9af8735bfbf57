// A ClickHouse server as a sink (a URL like TALLY_STORE's). The export row with its two objects
// flattened (geo_country, geo_region, geo_city, device_type, browser, os), in a ReplacingMergeTree
// ordered by (app_id, event_id) and partitioned by event day, so an event written twice (a retried
// batch, an export after anonymisation) is one row after merges and in FINAL reads: upsert by
// event_id. Where the server knows insert deduplication tokens, each batch carries one (sink and
// batch range), so a retried insert of the same batch is dropped at once.
// Works with old servers too (Debian's 18.16): times are DateTime there (seconds), DateTime64(3)
// where the server has it; names and values are written as escaped literals, since old servers
// have no query parameters. Erasure deletes the user's rows with a mutation and waits for it.

import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { batchPages } from './export-rows.ts';
import { redactUrl, type ClickHouseSinkConfig } from './sink-config.ts';
import { errorText, type BatchToWrite, type SinkWriter, type WriteResult } from './sink-writer.ts';

interface Capabilities {
  readonly dateTime64: boolean;
  readonly dedupToken: boolean;
  readonly nonReplicatedDedup: boolean;
}

/** the sink table's columns for a server: name, type, and how a row's value is read */
export function clickhouseColumns(caps: Pick<Capabilities, 'dateTime64'>): Array<readonly [string, string, (r: Record<string, unknown>) => unknown]> {
  const time = caps.dateTime64 ? "DateTime64(3, 'UTC')" : "DateTime('UTC')";
  // an old server's DateTime('UTC') reads 'YYYY-MM-DD hh:mm:ss' in UTC: the milliseconds are cut
  const t = (v: unknown) => (caps.dateTime64 || v === null || v === undefined ? v : String(v).slice(0, 19));
  const obj = (field: string, key: string) => (r: Record<string, unknown>) => (r[field] as Record<string, unknown> | null)?.[key] ?? null;
  const s = (name: string) => [name, 'Nullable(String)', (r: Record<string, unknown>) => r[name] ?? null] as const;
  return [
    ['event_id', 'String', (r) => r.event_id],
    ['app_id', 'String', (r) => r.app_id],
    ['event_type', 'String', (r) => r.event_type],
    ['event_category', 'String', (r) => r.event_category],
    s('user_id'),
    s('anonymous_id'),
    s('user_role'),
    ['user_tenure_days', 'Nullable(Int32)', (r) => r.user_tenure_days ?? null],
    s('entity_type'),
    s('entity_id'),
    ['event_data', 'String', (r) => r.event_data],
    ['metadata', 'String', (r) => r.metadata],
    s('source'),
    ['timestamp', time, (r) => t(r.timestamp)],
    s('session_id'),
    ['geo_country', 'Nullable(String)', obj('geo_location', 'country')],
    ['geo_region', 'Nullable(String)', obj('geo_location', 'region')],
    ['geo_city', 'Nullable(String)', obj('geo_location', 'city')],
    ['device_type', 'Nullable(String)', obj('device_info', 'device_type')],
    ['browser', 'Nullable(String)', obj('device_info', 'browser')],
    ['os', 'Nullable(String)', obj('device_info', 'os')],
    ['ingested_at', time, (r) => t(r.ingested_at)],
  ];
}

/** a string literal for the server (backslash and quote escaped) */
export const chString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function clickhouseError(err: unknown, config: ClickHouseSinkConfig): TallyError {
  if (err instanceof TallyError) return err;
  const text = errorText(err);
  const where = redactUrl(config.url);
  if (/Authentication failed|AUTHENTICATION_FAILED|REQUIRED_PASSWORD|password is incorrect|Wrong password|WRONG_PASSWORD/i.test(text)) return new TallyError('TALLY_ERR_SINK_AUTH', [where], { cause: err });
  const code = (err as { code?: string }).code;
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|socket hang up|Timeout error|timed out/i.test(text) || (code !== undefined && /^E[A-Z]+$/.test(code))) {
    return new TallyError('TALLY_ERR_SINK_UNREACHABLE', [`${where}: ${text}`], { cause: err });
  }
  return new TallyError('TALLY_ERR_SINK_WRITE_FAILED', [text.slice(0, 200)], { cause: err });
}

export function createClickHouseSink(store: StoreConnection, config: ClickHouseSinkConfig, sinkId: string, connectTimeoutMs: number): SinkWriter {
  const url = new URL(config.url);
  const table = `\`${config.database}\`.\`${config.table}\``;

  async function withClient<T>(use: (c: ClickHouseClient, caps: Capabilities) => Promise<T>): Promise<T> {
    const client = createClient({
      url: `${url.protocol}//${url.host}`,
      username: decodeURIComponent(url.username) || 'default',
      password: decodeURIComponent(url.password),
      request_timeout: Math.max(connectTimeoutMs, 60_000),
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      const probe = await Promise.race([
        rows<{ version: string }>(client, 'SELECT version() AS version'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Timeout error: no answer in ${connectTimeoutMs} ms`)), connectTimeoutMs)),
      ]);
      const has = (sql: string) => rows<{ n: string | number }>(client, sql).then((r) => Number(r[0]?.n ?? 0) > 0, () => false);
      const major = Number(probe[0]?.version.split('.')[0] ?? 0);
      const dedupToken = await has("SELECT count() AS n FROM system.settings WHERE name = 'insert_deduplication_token'");
      const nonReplicatedDedup = await has("SELECT count() AS n FROM system.merge_tree_settings WHERE name = 'non_replicated_deduplication_window'");
      return await use(client, { dateTime64: major >= 20, dedupToken, nonReplicatedDedup });
    } catch (err) {
      throw clickhouseError(err, config);
    } finally {
      await client.close().catch(() => {});
    }
  }

  async function rows<T>(c: ClickHouseClient, query: string): Promise<T[]> {
    const rs = await c.query({ query, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  async function ensureTable(c: ClickHouseClient, caps: Capabilities): Promise<ReturnType<typeof clickhouseColumns>> {
    const columns = clickhouseColumns(caps);
    await c.command({ query: `CREATE DATABASE IF NOT EXISTS \`${config.database}\`` });
    await c.command({
      query: `CREATE TABLE IF NOT EXISTS ${table} (${columns.map(([n, t]) => `\`${n}\` ${t}`).join(', ')})
        ENGINE = ReplacingMergeTree PARTITION BY toDate(timestamp) ORDER BY (app_id, event_id)${caps.nonReplicatedDedup ? ' SETTINGS non_replicated_deduplication_window = 1000' : ''}`,
    });
    const have = new Map(
      (await rows<{ name: string; type: string }>(c, `SELECT name, type FROM system.columns WHERE database = ${chString(config.database)} AND table = ${chString(config.table)}`)).map((r) => [r.name, r.type]),
    );
    const problems: string[] = [];
    for (const [name, type] of columns) {
      const got = have.get(name);
      if (got === undefined) problems.push(`column ${name} is missing`);
      else if (got.replace(/\s/g, '') !== type.replace(/\s/g, '') && !(type.startsWith('DateTime') && got.startsWith('DateTime'))) problems.push(`column ${name} is ${got}, expected ${type}`);
    }
    if (problems.length > 0) throw new TallyError('TALLY_ERR_SINK_SCHEMA_DRIFT', [`${config.database}.${config.table}`, problems.slice(0, 5).join('; ')]);
    return columns;
  }

  return {
    async write(batch: BatchToWrite): Promise<WriteResult> {
      return withClient(async (c, caps) => {
        const columns = await ensureTable(c, caps);
        let rows = 0;
        let bytes = 0;
        let pageNo = 0;
        // one insert per page (one page of rows in memory), each with its own deduplication token
        for await (const page of batchPages(store, batch.eventColumns, batch.sink.appId, batch.from, batch.to)) {
          const body = page.map((r) => JSON.stringify(Object.fromEntries(columns.map(([n, , get]) => [n, get(r)])))).join('\n') + '\n';
          const settings = caps.dedupToken ? { insert_deduplication_token: `${sinkId}-${batch.batchSeq}-${batch.to.storedAt}-${batch.to.eventId}-${pageNo}`, insert_deduplicate: 1 as const } : {};
          const result = await c.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from([body]), clickhouse_settings: settings });
          for await (const _ of result.stream) {
            // drain the answer
          }
          rows += page.length;
          bytes += Buffer.byteLength(body);
          pageNo++;
        }
        return { rows, bytes };
      });
    },

    eraseUser(appId: string, userId: string): Promise<number> {
      return withClient(async (c) => {
        const [exists] = await rows<{ n: string | number }>(c, `SELECT count() AS n FROM system.tables WHERE database = ${chString(config.database)} AND name = ${chString(config.table)}`);
        if (Number(exists?.n ?? 0) === 0) return 0;
        const where = `app_id = ${chString(appId)} AND (user_id = ${chString(userId)} OR anonymous_id = ${chString(userId)})`;
        const [counted] = await rows<{ n: string | number }>(c, `SELECT count() AS n FROM ${table} FINAL WHERE ${where}`);
        const n = Number(counted?.n ?? 0);
        if (n === 0) return 0;
        await c.command({ query: `ALTER TABLE ${table} DELETE WHERE ${where}` });
        // wait for the mutation (old servers have no mutations_sync)
        for (let i = 0; i < 600; i++) {
          const [left] = await rows<{ n: string | number }>(
            c,
            `SELECT count() AS n FROM system.mutations WHERE database = ${chString(config.database)} AND table = ${chString(config.table)} AND is_done = 0`,
          );
          if (Number(left?.n ?? 0) === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        return n;
      });
    },
  };
}
