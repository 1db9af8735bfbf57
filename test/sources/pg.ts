// Test helpers for change capture: a fresh PostgreSQL database per test file on the repository's
// dev server (scripts/postgres/start.sh), dropped with its replication slots afterwards, and seed
// 000's tables.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';

export const PG_BASE = process.env.TALLY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:55432';

import { withPgClient } from '../../src/sources/postgres/index.ts';

export const withClient = withPgClient;

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function createDatabase(t: { after(fn: () => unknown): void }, base = PG_BASE): Promise<TestDatabase> {
  const name = `tally_cdc_${randomBytes(5).toString('hex')}`;
  await withClient(`${base}/postgres`, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = `${base}/${name}`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  let dropped = false;
  const db: TestDatabase = {
    name,
    url,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end().catch(() => {});
      await withClient(`${base}/postgres`, async (c) => {
        // a capture still streaming (a hook order, a killed process) loses its connection first; it
        // may reconnect before the drop, so until no slot is left
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ pid: number | null }>('SELECT active_pid AS pid FROM pg_replication_slots WHERE database = $1', [name]);
          if (rows.length === 0) break;
          for (const r of rows) if (r.pid) await c.query('SELECT pg_terminate_backend($1)', [r.pid]);
          await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active', [name]).catch(() => {});
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => {});
    },
  };
  t.after(() => db.drop());
  return db;
}

/** seed 000's tables, as the tutor's Supabase project has them */
export const SEED_000_DDL = `
CREATE TABLE public.concept_events (
  id bigserial PRIMARY KEY, session_id uuid NOT NULL, user_id uuid NOT NULL, concept text NOT NULL,
  outcome text NOT NULL, "timestamp" timestamptz NOT NULL DEFAULT now(), delta_mastery double precision);
CREATE TABLE public.actions (
  id bigserial PRIMARY KEY, session_id uuid NOT NULL, user_id uuid NOT NULL, action_type text NOT NULL,
  action_details text, "timestamp" timestamptz NOT NULL DEFAULT now());
`;

/** inserts n concept events in one statement (users u0..u9, sessions s0..s4) */
export async function insertConceptEvents(db: TestDatabase, n: number): Promise<void> {
  await db.query(
    `INSERT INTO concept_events (session_id, user_id, concept, outcome, delta_mastery)
     SELECT md5('s' || (g % 5))::uuid, md5('u' || (g % 10))::uuid, 'concept_' || (g % 7), CASE WHEN g % 2 = 0 THEN 'correct' ELSE 'wrong' END, (g % 100) / 100.0
     FROM generate_series(1, $1) AS g`,
    [n],
  );
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A TCP port for a server a test starts itself (a second PostgreSQL): free now, and below the
 * system's ephemeral range (32768-60999 here), so no outgoing connection can be given it before the
 * server binds it, as happened with a random port inside that range.
 */
export async function unusedPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found in 20 tries');
}

