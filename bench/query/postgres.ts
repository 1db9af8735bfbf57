// The seeds' Postgres design for the query benchmark (seed 004: one events table, properties as
// JSONB, B-tree indexes for the common filters and a GIN index on the properties), in its own
// database of the development cluster (scripts/postgres/start.sh) so tests are not disturbed.
// Starts the cluster when it is not running and, at the end, stops it again only if this run
// started it and nobody else is connected.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const HOST = '127.0.0.1';
const PORT = 55432;

export const PG_BENCH_DATABASE = 'tally_bench_query';

export const PG_TABLE_SQL = `CREATE TABLE events (
  event_id uuid NOT NULL,
  app_id text NOT NULL,
  event_name text NOT NULL,
  user_id text NOT NULL,
  session_id text NOT NULL,
  timestamp timestamptz NOT NULL,
  properties jsonb NOT NULL
)`;

/** built after the load (faster than maintaining them row by row) */
export const PG_INDEX_SQL = [
  'CREATE INDEX events_app_event_time ON events (app_id, event_name, timestamp)',
  'CREATE INDEX events_user_time ON events (user_id, timestamp)',
  'CREATE INDEX events_properties ON events USING gin (properties)',
];

/** session settings of every benchmark connection: UTC like Tally's answers, room to sort and hash */
export const PG_SESSION_SQL = ["SET TIME ZONE 'UTC'", "SET work_mem = '256MB'"];

function url(database: string): string {
  return `postgres://postgres@${HOST}:${PORT}/${database}`;
}

export async function connect(database: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url(database), application_name: 'tally-bench-query' });
  await client.connect();
  for (const sql of PG_SESSION_SQL) await client.query(sql);
  return client;
}

async function isRunning(): Promise<boolean> {
  const client = new pg.Client({ connectionString: url('postgres'), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export interface PostgresCluster {
  readonly startedHere: boolean;
  readonly version: string;
}

/** the development cluster, started with scripts/postgres/start.sh unless it already runs */
export async function ensurePostgres(log: (line: string) => void): Promise<PostgresCluster> {
  let startedHere = false;
  if (!(await isRunning())) {
    log('PostgreSQL is not running: bash scripts/postgres/start.sh');
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/postgres/start.sh')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PGPORT: String(PORT) } });
    if (r.status !== 0) throw new Error(`scripts/postgres/start.sh exited with ${r.status}`);
    startedHere = true;
  }
  const client = await connect('postgres');
  const [{ server_version }] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
  await client.end();
  return { startedHere, version: server_version };
}

/** a fresh, empty benchmark database with the events table (no indexes yet) */
export async function createBenchDatabase(): Promise<void> {
  const admin = await connect('postgres');
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${PG_BENCH_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  const client = await connect(PG_BENCH_DATABASE);
  try {
    await client.query(PG_TABLE_SQL);
  } finally {
    await client.end();
  }
}

/** indexes, then VACUUM ANALYZE (visibility map for index-only scans, planner statistics) */
export async function finishBenchDatabase(log: (line: string) => void): Promise<void> {
  const client = await connect(PG_BENCH_DATABASE);
  try {
    await client.query("SET maintenance_work_mem = '1GB'");
    for (const sql of PG_INDEX_SQL) {
      const t0 = performance.now();
      await client.query(sql);
      log(`postgres: ${sql.replace(/ ON .*/, '')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t0 = performance.now();
    await client.query('VACUUM ANALYZE events');
    log(`postgres: VACUUM ANALYZE in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

export async function databaseSize(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
  return rows[0].size;
}

/** drops the benchmark database; stops the cluster if this run started it and no one else uses it */
export async function cleanUpPostgres(cluster: PostgresCluster, options: { keepDatabase: boolean }, log: (line: string) => void): Promise<void> {
  const admin = await connect('postgres');
  let others = 0;
  try {
    if (!options.keepDatabase) await admin.query(`DROP DATABASE IF EXISTS ${PG_BENCH_DATABASE} WITH (FORCE)`);
    const { rows } = await admin.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
    );
    others = Number(rows[0].n);
  } finally {
    await admin.end();
  }
  if (!cluster.startedHere) return;
  if (others > 0) {
    log(`postgres: left running (this run started it, but ${others} other client(s) are connected)`);
    return;
  }
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/postgres/stop.sh')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  log(r.status === 0 ? 'postgres: stopped (this run started it)' : `postgres: stop.sh exited with ${r.status}`);
}
