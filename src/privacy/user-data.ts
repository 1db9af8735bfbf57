// Everything stored about one user of one app, found at run time so tables added later are
// covered: every table of this database with an app_id column and either a user_id column (rows
// about the user) or a payload column (raw JSON, such as quarantined events, naming the user), and
// every materialized view fed by `events` whose target has no user_id (rollups: rebuilt, see
// derived-rebuild.ts). Values are always bound parameters; table and column names come from the
// engine's catalogue and are checked before they are quoted.

import type { StoreConnection } from '../store/index.ts';

export interface UserTable {
  readonly table: string;
  /** 'user_id': rows have a user_id column; 'payload': rows hold raw JSON naming the user */
  readonly match: 'user_id' | 'payload';
  /** column names in table order */
  readonly columns: readonly string[];
}

/** Tables that record GDPR work itself; never erased by it. */
const OWN_TABLES = new Set(['erasures', 'audit_log', 'schema_migrations', 'api_keys', 'apps']);

/** property keys removed by anonymisation (seed 004), besides the configured scrub keys */
export const ANONYMIZE_KEYS = ['email', 'phone', 'address'];

export function quoteName(name: string): string {
  if (!/^[A-Za-z0-9_.]{1,200}$/.test(name) || name.startsWith('.') || name.includes('..')) throw new Error(`unexpected table or column name ${JSON.stringify(name)}`);
  return name
    .split('.')
    .map((p) => `\`${p}\``)
    .join('.');
}

export async function discoverUserTables(conn: StoreConnection): Promise<UserTable[]> {
  const rows = await conn.query<{ table: string; columns: string[]; engine: string }>(
    `SELECT c.table AS table, groupArray(c.name) AS columns, any(t.engine) AS engine
     FROM (SELECT table, name, position FROM system.columns WHERE database = currentDatabase() AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY table, position) AS c
     INNER JOIN (SELECT name, engine FROM system.tables WHERE database = currentDatabase()) AS t ON t.name = c.table
     GROUP BY c.table ORDER BY c.table`,
  );
  const tables: UserTable[] = [];
  for (const r of rows) {
    if (OWN_TABLES.has(r.table) || !r.engine.includes('MergeTree') || !r.columns.includes('app_id')) continue;
    if (r.columns.includes('user_id')) tables.push({ table: r.table, match: 'user_id', columns: r.columns });
    else if (r.columns.includes('payload')) tables.push({ table: r.table, match: 'payload', columns: r.columns });
  }
  // events first: everything derived is rebuilt from it
  return tables.sort((a, b) => (a.table === 'events' ? -1 : b.table === 'events' ? 1 : a.table.localeCompare(b.table)));
}

/** the rows about {user:String} in {app:String} */
export function userCondition(t: UserTable): string {
  if (t.match === 'payload') {
    return `app_id = {app:String} AND (JSONExtractString(payload, 'user_id') = {user:String} OR JSONExtractString(payload, 'anonymous_id') = {user:String})`;
  }
  const anonymous = t.columns.includes('anonymous_id') ? ' OR anonymous_id = {user:String}' : '';
  return `app_id = {app:String} AND (user_id = {user:String}${anonymous})`;
}

export async function countUserRows(conn: StoreConnection, t: UserTable, appId: string, userId: string): Promise<number> {
  const [row] = await conn.query<{ n: number }>(`SELECT count() AS n FROM ${quoteName(t.table)} WHERE ${userCondition(t)}`, { app: appId, user: userId });
  return row?.n ?? 0;
}

/** physically deletes the rows (a synchronous mutation; projections are rebuilt) */
export async function deleteUserRows(conn: StoreConnection, t: UserTable, appId: string, userId: string): Promise<void> {
  await conn.command(`ALTER TABLE ${quoteName(t.table)} DELETE WHERE ${userCondition(t)}`, { app: appId, user: userId }, { settings: { mutations_sync: 2 } });
}

/** a JSON object column without the listed top-level keys (compared in lowercase) */
const withoutKeys = (column: string, keys: string) =>
  `concat('{', arrayStringConcat(arrayMap(kv -> concat(toJSONString(kv.1), ':', kv.2), arrayFilter(kv -> lower(kv.1) NOT IN ${keys}, JSONExtractKeysAndValuesRaw(${column}))), ','), '}')`;
const PROPERTIES_WITHOUT_KEYS = withoutKeys('properties', '{dropKeys:Array(String)}');
/** seed 004 also removes these from an anonymised event's metadata */
export const ANONYMIZE_METADATA_KEYS = ['ip_address', 'user_agent'];
const METADATA_WITHOUT_KEYS = withoutKeys('metadata', '{dropMetadataKeys:Array(String)}');

/**
 * Replaces the user's rows with copies under `pseudonym`: user_id replaced, anonymous_id, IP
 * prefix and user agent cleared, personal property keys removed (seed 004). Copies first, then the
 * originals are deleted; if that fails the copies are removed again. Payload tables and profiles
 * are deleted.
 */
export async function anonymizeUserRows(conn: StoreConnection, t: UserTable, appId: string, userId: string, pseudonym: string, dropKeys: readonly string[]): Promise<void> {
  // profiles (person_profiles) are the user's traits themselves: nothing of them survives anonymisation
  if (t.match === 'payload' || t.table === 'person_profiles') return deleteUserRows(conn, t, appId, userId);
  const replaced: Record<string, string> = {
    user_id: '{pseudonym:String}',
    anonymous_id: "''",
    ip_prefix: "''",
    user_agent: "''",
    properties: PROPERTIES_WITHOUT_KEYS,
    // events' metadata (seed 004); another table's column of that name is not known to be JSON
    ...(t.table === 'events' ? { metadata: METADATA_WITHOUT_KEYS } : {}),
  };
  const columns = t.columns.map(quoteName);
  // no aliases: an alias named like a column would change what the WHERE clause reads
  const select = t.columns.map((c) => replaced[c] ?? quoteName(c));
  const dropped = [...new Set([...ANONYMIZE_KEYS, ...dropKeys.map((k) => k.toLowerCase())])];
  const params = { app: appId, user: userId, pseudonym, dropKeys: dropped, dropMetadataKeys: [...dropped, ...ANONYMIZE_METADATA_KEYS] };
  await conn.command(`INSERT INTO ${quoteName(t.table)} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${quoteName(t.table)} WHERE ${userCondition(t)}`, params);
  try {
    await deleteUserRows(conn, t, appId, userId);
  } catch (err) {
    await conn.command(`ALTER TABLE ${quoteName(t.table)} DELETE WHERE app_id = {app:String} AND user_id = {pseudonym:String}`, params, { settings: { mutations_sync: 2 } });
    throw err;
  }
}

/** most rows exported from one table other than `events` (derived rows are few per user) */
const EXPORT_OTHER_MAX_ROWS = 100_000;

/**
 * Every row about the user, table by table: `events` in pages by (timestamp, event_id) so memory
 * stays bounded whatever the user's history, other tables in one bounded read.
 */
export async function* exportUserRows(conn: StoreConnection, tables: readonly UserTable[], appId: string, userId: string, pageSize = 5000): AsyncGenerator<{ table: string; row: Record<string, unknown> }> {
  for (const t of tables) {
    const where = userCondition(t);
    if (t.table !== 'events') {
      const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${quoteName(t.table)} WHERE ${where} LIMIT {limit:UInt32}`, { app: appId, user: userId, limit: EXPORT_OTHER_MAX_ROWS });
      for (const row of rows) yield { table: t.table, row };
      continue;
    }
    let after: { ts: string; id: string } | undefined;
    for (;;) {
      const keyset = after ? ` AND (timestamp, event_id) > ({ts:DateTime64(3, 'UTC')}, {id:UUID})` : '';
      const rows = await conn.query<Record<string, unknown> & { timestamp: string; event_id: string }>(
        `SELECT * FROM events WHERE ${where}${keyset} ORDER BY timestamp, event_id LIMIT {limit:UInt32}`,
        after ? { app: appId, user: userId, limit: pageSize, ts: after.ts.replace('T', ' ').replace('Z', ''), id: after.id } : { app: appId, user: userId, limit: pageSize },
      );
      for (const row of rows) yield { table: 'events', row };
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { ts: last.timestamp, id: last.event_id };
    }
  }
}
