// The ids of one person (table person_aliases, migration 0070): Segment identify/alias and PostHog
// $identify/$create_alias link an id (anonymous, or a former user id) to the person's canonical id.
// Merge rule: an id belongs to the person it was first linked to (earliest linked_at, then earliest
// receipt); a later link of the same id elsewhere is kept as sent but never wins. One hop: the
// person an id resolves to is not itself resolved again. Links never touch stored events; the
// insights resolve ids at query time (src/query/person-ids.ts).

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';

export const PERSON_LINKS_TABLE = 'person_aliases';
/** most ids one person's lookup returns (GDPR erasure and export walk them all) */
export const MAX_LINKED_IDS = 10_000;

export interface PersonLink {
  /** the id linked: an anonymous id or a former user id */
  readonly aliasId: string;
  /** the person's canonical id */
  readonly personId: string;
  readonly linkedAtMs: number;
  /** what linked them: identify, alias, $identify, $create_alias */
  readonly via: string;
}

/** the id each alias resolves to: the first person it was linked to */
export const RESOLVED_LINKS_SQL = `SELECT app_id, anonymous_id AS alias_id, argMin(user_id, (linked_at, received_at)) AS person_id
  FROM ${PERSON_LINKS_TABLE} WHERE anonymous_id != '' GROUP BY app_id, anonymous_id`;

export function createPersonLinks(conn: StoreConnection, now: () => number = Date.now) {
  return {
    /** stores links (a link of an id to itself is dropped); resolves once the engine committed them */
    async link(appId: string, links: readonly PersonLink[]): Promise<number> {
      const receivedAt = toEngineTime(now());
      const rows = links
        .filter((l) => l.aliasId !== '' && l.personId !== '' && l.aliasId !== l.personId)
        .map((l) => JSON.stringify({ app_id: appId, anonymous_id: l.aliasId, user_id: l.personId, linked_at: toEngineTime(l.linkedAtMs), received_at: receivedAt, via: l.via }));
      if (rows.length === 0) return 0;
      await conn.insertJsonEachRow(PERSON_LINKS_TABLE, Buffer.from(rows.join('\n') + '\n'));
      return rows.length;
    },

    /** the person each id resolves to (ids without a link resolve to themselves) */
    async resolve(appId: string, ids: readonly string[]): Promise<Map<string, string>> {
      const out = new Map(ids.map((id) => [id, id]));
      if (ids.length === 0) return out;
      const rows = await conn.query<{ alias_id: string; person_id: string }>(
        `SELECT alias_id, person_id FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = {app:String} AND alias_id IN {ids:Array(String)}`,
        { app: appId, ids: [...ids] },
      );
      for (const r of rows) out.set(r.alias_id, r.person_id);
      return out;
    },

    /** every id of the person `id` belongs to: the person first, then the ids resolving to it */
    async idsOfPerson(appId: string, id: string): Promise<string[]> {
      const person = (await this.resolve(appId, [id])).get(id) ?? id;
      const rows = await conn.query<{ alias_id: string }>(
        `SELECT alias_id FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = {app:String} AND person_id = {person:String} ORDER BY alias_id LIMIT {limit:UInt32}`,
        { app: appId, person, limit: MAX_LINKED_IDS },
      );
      return [person, ...rows.map((r) => r.alias_id).filter((a) => a !== person)];
    },
  };
}

export type PersonLinks = ReturnType<typeof createPersonLinks>;
