// Numbered migrations, applied in order at start. Each statement is idempotent (IF NOT EXISTS),
// and a migration is recorded only after all its statements ran, so a crash mid-way is repaired by
// running it again on the next start.

import { readdirSync, readFileSync } from 'node:fs';
import type { StoreConnection } from './connection.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      statements: splitStatements(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8')),
    }));
}

/** Applies pending migrations and reads the materialized property columns; returns the versions applied now. */
export async function migrate(conn: StoreConnection, migrations: readonly Migration[] = loadMigrations()): Promise<number[]> {
  await conn.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`,
  );
  const applied = new Set((await conn.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    for (const statement of m.statements) await conn.command(statement);
    await conn.command('INSERT INTO schema_migrations (version, name) VALUES ({version:UInt32}, {name:String})', { version: m.version, name: m.name });
    done.push(m.version);
  }
  // the properties kept in columns of their own are part of the schema a process must know
  await conn.propertyColumns.refresh(conn);
  return done;
}
