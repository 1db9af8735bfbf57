// Retention by category, enforced by the engine: TTL rules on `events` delete rows once they are
// older than their category allows (seed 004: transactions and content 7 years, interactions 1
// year, user activity 2 years; everything else 90 days as seed 003), and the audit log has its own
// TTL. Rules are built from configuration at start and applied only when they changed
// (retention_state); the engine then removes expired rows in its merges (at the latest after
// merge_with_ttl_timeout) — `OPTIMIZE TABLE events FINAL` forces it.

import type { RetentionConfig, RetentionPeriod } from '../config/index.ts';
import { createVersionClock, toEngineTime, type StoreConnection } from '../store/index.ts';

const CATEGORY_RE = /^[a-z][a-z0-9_]{0,63}$/;

function interval(p: RetentionPeriod): string {
  if (!Number.isInteger(p.amount) || p.amount < 1) throw new Error(`bad retention period ${JSON.stringify(p)}`);
  return `INTERVAL ${p.amount} ${p.unit}`;
}

/** The TTL clause for `events` (without the TTL keyword), or '' when everything is kept forever. */
export function eventsTtl(config: RetentionConfig): string {
  const rules: string[] = [];
  const named = Object.keys(config.byCategory).sort();
  for (const category of named) {
    if (!CATEGORY_RE.test(category)) throw new Error(`bad category ${category}`);
    const p = config.byCategory[category];
    if (p !== 'forever') rules.push(`toDateTime(timestamp) + ${interval(p)} DELETE WHERE category = '${category}'`);
  }
  if (config.otherwise !== 'forever') {
    const rest = named.length > 0 ? ` WHERE category NOT IN (${named.map((c) => `'${c}'`).join(', ')})` : '';
    rules.push(`toDateTime(timestamp) + ${interval(config.otherwise)} DELETE${rest}`);
  }
  return rules.join(', ');
}

export function auditTtl(config: RetentionConfig): string {
  return `toDateTime(at) + INTERVAL ${Math.floor(config.auditDays)} DAY DELETE`;
}

async function applyTtl(conn: StoreConnection, table: 'events' | 'audit_log', ttl: string, nextVersion: () => number): Promise<boolean> {
  const [state] = await conn.query<{ ttl: string }>('SELECT ttl FROM retention_state FINAL WHERE table_name = {t:String}', { t: table });
  if (state && state.ttl === ttl) return false;
  // MODIFY TTL also materialises the rules on existing parts, as a background mutation
  if (ttl === '') await conn.command(`ALTER TABLE ${table} REMOVE TTL`).catch(() => {});
  else await conn.command(`ALTER TABLE ${table} MODIFY TTL ${ttl}`);
  await conn.insertJsonEachRow('retention_state', Buffer.from(JSON.stringify({ table_name: table, ttl, applied_at: toEngineTime(Date.now()), version: nextVersion() }) + '\n'));
  return true;
}

/** Applies the configured rules; returns the tables whose rules changed now. */
export async function applyRetention(conn: StoreConnection, config: RetentionConfig): Promise<string[]> {
  const changed: string[] = [];
  const nextVersion = createVersionClock();
  if (await applyTtl(conn, 'events', eventsTtl(config), nextVersion)) changed.push('events');
  if (await applyTtl(conn, 'audit_log', auditTtl(config), nextVersion)) changed.push('audit_log');
  return changed;
}
