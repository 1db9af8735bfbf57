// Writes an app's current action weights back to PostgreSQL, where the tutor reads them (seed 000:
// `public.action_weights`). One transaction: create the table if missing, upsert every weight
// (INSERT … ON CONFLICT (action_type) DO UPDATE), and delete action types the computation no longer
// weighs, so the table always holds exactly one computation and its weights sum to 1. Identifiers
// come from configuration, checked against a pattern and quoted; values are bound parameters.

import pg from 'pg';
import type { ActionWeight } from './action-weights.ts';

export interface WriteBackTarget {
  readonly dsn: string;
  readonly schema: string;
  readonly table: string;
}

const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;

function qualified(target: WriteBackTarget): string {
  for (const part of [target.schema, target.table]) if (!IDENT_RE.test(part)) throw new Error(`bad identifier ${part}`);
  return `"${target.schema}"."${target.table}"`;
}

/** replaces the table's rows with `weights` in one transaction; returns the rows written */
export async function writeBackWeights(target: WriteBackTarget, weights: readonly ActionWeight[], updatedAtMs: number): Promise<number> {
  const table = qualified(target);
  const client = new pg.Client({ connectionString: target.dsn, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (action_type text PRIMARY KEY, weight double precision NOT NULL, avg_reward double precision NOT NULL, n bigint NOT NULL, updated_at timestamptz NOT NULL)`,
    );
    const types = weights.map((w) => w.actionType);
    await client.query(
      `INSERT INTO ${table} (action_type, weight, avg_reward, n, updated_at)
       SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $4::bigint[], array_fill($5::timestamptz, ARRAY[cardinality($1::text[])]))
       ON CONFLICT (action_type) DO UPDATE SET weight = EXCLUDED.weight, avg_reward = EXCLUDED.avg_reward, n = EXCLUDED.n, updated_at = EXCLUDED.updated_at`,
      [types, weights.map((w) => w.weight), weights.map((w) => w.avgReward), weights.map((w) => w.n), new Date(updatedAtMs).toISOString()],
    );
    await client.query(`DELETE FROM ${table} WHERE NOT (action_type = ANY($1::text[]))`, [types]);
    await client.query('COMMIT');
    return weights.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
