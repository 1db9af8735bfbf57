// The PostgreSQL warehouse (the stand-in for Redshift, which speaks the same protocol): seed 004's
// `platform_events` schema, partitioned by day on "timestamp" (a partition per event date, created
// when a batch first needs it), loaded with COPY. Idempotent by upsert on event_id: each batch is
// copied into a temporary staging table and merged with INSERT … ON CONFLICT (event_id, "timestamp")
// DO UPDATE in one transaction, so a retried or resumed batch — or an event exported again after an
// anonymisation — replaces the rows it wrote, never adds a second one.
// A table that exists with other columns or types is schema drift: the batch fails with the
// differences named and is not retried (an operator must fix the table).

import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { batchDays, batchPages } from './export-rows.ts';
import { redactUrl, type PostgresSinkConfig } from './sink-config.ts';
import { errorText, type BatchToWrite, type SinkWriter, type WriteResult } from './sink-writer.ts';

/** the warehouse columns: name, PostgreSQL type as information_schema names it, the DDL */
export const PG_COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  ['event_id', 'text', 'text NOT NULL'],
  ['app_id', 'text', 'text NOT NULL'],
  ['event_type', 'text', 'text NOT NULL'],
  ['event_category', 'text', 'text NOT NULL'],
  ['user_id', 'text', 'text'],
  ['anonymous_id', 'text', 'text'],
  ['user_role', 'text', 'text'],
  ['user_tenure_days', 'integer', 'integer'],
  ['entity_type', 'text', 'text'],
  ['entity_id', 'text', 'text'],
  ['event_data', 'jsonb', 'jsonb'],
  ['metadata', 'jsonb', 'jsonb'],
  ['source', 'text', 'text'],
  ['timestamp', 'timestamp with time zone', 'timestamptz NOT NULL'],
  ['session_id', 'text', 'text'],
  ['geo_location', 'jsonb', 'jsonb'],
  ['device_info', 'jsonb', 'jsonb'],
  ['ingested_at', 'timestamp with time zone', 'timestamptz DEFAULT now()'],
];

const q = (ident: string) => `"${ident}"`;
const DAY_MS = 86_400_000;

/** a pg error as a sink error: unreachable (retried), refused credentials or missing database (not retried) */
export function pgError(err: unknown, config: PostgresSinkConfig): TallyError {
  if (err instanceof TallyError) return err;
  const code = (err as { code?: string }).code;
  const where = redactUrl(config.url);
  if (code === '28P01' || code === '28000') return new TallyError('TALLY_ERR_SINK_AUTH', [`${where}: ${errorText(err)}`], { cause: err });
  if (code === '3D000') return new TallyError('TALLY_ERR_SINK_AUTH', [`${where}: ${errorText(err)}`], { cause: err });
  if (code === '42501') return new TallyError('TALLY_ERR_SINK_AUTH', [`${where}: ${errorText(err)}`], { cause: err });
  if (code === undefined || /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/.test(code) || /timeout|terminated|Connection/i.test(errorText(err))) {
    return new TallyError('TALLY_ERR_SINK_UNREACHABLE', [`${where}: ${errorText(err)}`], { cause: err });
  }
  return new TallyError('TALLY_ERR_SINK_WRITE_FAILED', [`${code}: ${errorText(err)}`], { cause: err });
}

/** one CSV field for COPY (csv): NULL unquoted and empty, every other value quoted */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `"${s.replace(/"/g, '""')}"`;
}

/** engine time text (UTC) as a timestamptz literal */
const pgTime = (t: unknown) => (t === null || t === undefined ? null : `${String(t)}+00`);
/** jsonb refuses \u0000 in strings; the replacement character keeps the document valid */
const pgJson = (s: unknown) => (typeof s === 'string' ? s.replace(/\\u0000/g, '\\ufffd') : s);

export function toCsvLine(row: Record<string, unknown>): string {
  const values = PG_COLUMNS.map(([name]) => {
    const v = row[name];
    if (name === 'timestamp' || name === 'ingested_at') return pgTime(v);
    if (name === 'event_data' || name === 'metadata') return pgJson(v);
    if (name === 'geo_location' || name === 'device_info') return v === null || v === undefined ? null : JSON.stringify(v);
    return v;
  });
  return values.map(csvField).join(',') + '\n';
}

export function createPostgresSink(store: StoreConnection, config: PostgresSinkConfig, connectTimeoutMs: number): SinkWriter {
  const table = `${q(config.schema)}.${q(config.table)}`;

  async function withClient<T>(use: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: connectTimeoutMs, statement_timeout: 600_000, application_name: 'tally-sink' });
    client.on('error', () => {});
    try {
      await client.connect();
      return await use(client);
    } catch (err) {
      throw pgError(err, config);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** creates the table when missing; refuses one whose columns differ */
  async function ensureTable(c: pg.Client): Promise<void> {
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${q(config.schema)}`).catch(() => {});
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${table} (${PG_COLUMNS.map(([n, , ddl]) => `${q(n)} ${ddl}`).join(', ')}, PRIMARY KEY (event_id, "timestamp")) PARTITION BY RANGE ("timestamp")`,
    );
    const { rows } = await c.query<{ column_name: string; data_type: string }>(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [config.schema, config.table],
    );
    const have = new Map(rows.map((r) => [r.column_name, r.data_type]));
    const problems: string[] = [];
    for (const [name, type] of PG_COLUMNS) {
      const got = have.get(name);
      if (got === undefined) problems.push(`column ${name} is missing`);
      else if (got !== type) problems.push(`column ${name} is ${got}, expected ${type}`);
    }
    if (problems.length > 0) throw new TallyError('TALLY_ERR_SINK_SCHEMA_DRIFT', [`${config.schema}.${config.table}`, problems.slice(0, 5).join('; ')]);
  }

  async function ensurePartitions(c: pg.Client, days: ReadonlySet<string>): Promise<void> {
    for (const day of days) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
      const name = q(`${config.table}_p${day.replace(/-/g, '')}`.slice(0, 63));
      await c.query(`CREATE TABLE IF NOT EXISTS ${q(config.schema)}.${name} PARTITION OF ${table} FOR VALUES FROM ('${day} 00:00:00+00') TO ('${next} 00:00:00+00')`).catch((err: unknown) => {
        // another writer created it between our check and ours
        if ((err as { code?: string }).code !== '42P07') throw err;
      });
    }
  }

  return {
    async write(batch: BatchToWrite): Promise<WriteResult> {
      const appId = batch.sink.appId;
      const days = await batchDays(store, appId, batch.from, batch.to);
      return withClient(async (c) => {
        await ensureTable(c);
        if (days.length === 0) return { rows: 0, bytes: 0 };
        await ensurePartitions(c, new Set(days));
        let rows = 0;
        let bytes = 0;
        const cols = PG_COLUMNS.map(([n]) => q(n)).join(', ');
        await c.query('BEGIN');
        try {
          await c.query(`CREATE TEMP TABLE tally_staging (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DROP`);
          // page by page into the staging table: one page of rows in memory at a time
          for await (const page of batchPages(store, batch.eventColumns, appId, batch.from, batch.to)) {
            const lines = function* () {
              for (const r of page) {
                const line = toCsvLine(r);
                bytes += Buffer.byteLength(line);
                yield line;
              }
            };
            await pipeline(Readable.from(lines()), c.query(copyFrom(`COPY tally_staging (${cols}) FROM STDIN WITH (FORMAT csv)`)));
            rows += page.length;
          }
          const updates = PG_COLUMNS.filter(([n]) => n !== 'event_id' && n !== 'timestamp')
            .map(([n]) => `${q(n)} = EXCLUDED.${q(n)}`)
            .join(', ');
          await c.query(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM tally_staging ON CONFLICT (event_id, "timestamp") DO UPDATE SET ${updates}`);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          throw err;
        }
        return { rows, bytes };
      });
    },

    eraseUser(appId: string, userId: string): Promise<number> {
      return withClient(async (c) => {
        const exists = await c.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [config.schema, config.table]);
        if (exists.rowCount === 0) return 0;
        const r = await c.query(`DELETE FROM ${table} WHERE app_id = $1 AND (user_id = $2 OR anonymous_id = $2)`, [appId, userId]);
        return r.rowCount ?? 0;
      });
    },
  };
}
