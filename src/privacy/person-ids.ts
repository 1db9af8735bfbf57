// GDPR work on a person, not on one of their ids: a person's ids are the id asked about, the person
// it was linked to (Segment identify/alias, PostHog $identify/$create_alias; person_aliases,
// src/people/person-links.ts) and every id linked to that person. Erasure and export walk them all,
// so an erased user leaves no anonymous history behind and an export holds all of it.

import { MAX_LINKED_IDS, RESOLVED_LINKS_SQL } from '../people/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { exportUserRows, type UserTable } from './user-data.ts';

/** the person's ids: the id asked about first, then the person and the other linked ids (at most MAX_LINKED_IDS) */
export async function personIds(conn: StoreConnection, appId: string, userId: string): Promise<string[]> {
  const [linked] = await conn.query<{ person_id: string }>(`SELECT person_id FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = {app:String} AND alias_id = {user:String}`, { app: appId, user: userId });
  const person = linked?.person_id ?? userId;
  const rows = await conn.query<{ alias_id: string }>(
    `SELECT alias_id FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = {app:String} AND person_id = {person:String} ORDER BY alias_id LIMIT {limit:UInt32}`,
    { app: appId, person, limit: MAX_LINKED_IDS },
  );
  return [...new Set([userId, person, ...rows.map((r) => r.alias_id)])];
}

/** whether an exported row names one of `ids` (as its user, its anonymous id, or in its raw payload) */
function namesAny(row: Record<string, unknown>, ids: ReadonlySet<string>): boolean {
  if (typeof row.user_id === 'string' && ids.has(row.user_id)) return true;
  if (typeof row.anonymous_id === 'string' && ids.has(row.anonymous_id)) return true;
  if (typeof row.payload === 'string') {
    try {
      const p = JSON.parse(row.payload) as { user_id?: unknown; anonymous_id?: unknown };
      return (typeof p.user_id === 'string' && ids.has(p.user_id)) || (typeof p.anonymous_id === 'string' && ids.has(p.anonymous_id));
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Every row about the person, id by id: a row that also names an id already exported (an event with
 * both a user id and an anonymous id) is written once, under the first.
 */
export async function* exportPersonRows(conn: StoreConnection, tables: readonly UserTable[], appId: string, ids: readonly string[]): AsyncGenerator<{ table: string; row: Record<string, unknown> }> {
  const done = new Set<string>();
  for (const id of ids) {
    for await (const item of exportUserRows(conn, tables, appId, id)) {
      if (!namesAny(item.row, done)) yield item;
    }
    done.add(id);
  }
}
