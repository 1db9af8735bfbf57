// Which events the store already holds, by id: the one lookup both durable paths judge
// duplicates with (the batcher before each insert, the ingest log on a filter's "maybe" and
// before replaying its tail). Keys are `app_id \0 event_id`: the same id in two apps is two events.

import type { StoreConnection } from '../store/index.ts';

/** ids are looked up in chunks of this many (one list per statement) */
const LOOKUP_CHUNK = 50_000;

export function eventKey(appId: string, eventId: string): string {
  return `${appId}\u0000${eventId}`;
}

/** the keys (eventKey) of the events with these ids that `table` holds */
export async function storedEventKeys(store: StoreConnection, table: string, eventIds: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  const ids = [...new Set(eventIds)];
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await store.queryWithValues<{ app_id: string; event_id: string }>({ type: 'UUID', values: ids.slice(i, i + LOOKUP_CHUNK) }, (list) => `SELECT app_id, event_id FROM ${table} WHERE event_id IN (SELECT value FROM ${list})`);
    for (const r of rows) found.add(eventKey(r.app_id, r.event_id));
  }
  return found;
}
