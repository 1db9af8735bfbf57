// One person across their ids: the expression an insight counts people by. An event's user_id (its
// user id, or its anonymous id when it had none) is resolved through the links identify/alias made
// (table person_aliases, src/people/person-links.ts): an id linked to a person counts as that
// person, any other id as itself. Stored events are never rewritten; a link made later changes the
// answers of every range at once. The app's links are read once per statement (a scalar subquery,
// the same shape as the profile-trait lookup in person-traits.ts); the app id is a bound parameter.

//
// An app without any link (most apps: no identify/alias calls) counts each id as itself, and the SQL
// is plain `user_id`: the lookup's transform over every event cost 10 ms of 64 on the 1M-event
// experiment benchmark. `appHasPersonLinks` asks before the statement is built; a link made between
// the two is seen by the next question, as any write that lands after a question was asked.

import { PERSON_LINKS_TABLE, RESOLVED_LINKS_SQL } from '../people/index.ts';
import type { StoreConnection } from '../store/index.ts';
import type { ParamBag } from './params.ts';

/** whether any id of the app is linked to a person (identify/alias) */
export async function appHasPersonLinks(store: StoreConnection, appId: string): Promise<boolean> {
  const [row] = await store.query<{ linked: number }>(`SELECT count() > 0 AS linked FROM ${PERSON_LINKS_TABLE} WHERE app_id = {app:String} AND anonymous_id != ''`, { app: appId });
  return Boolean(row?.linked);
}

/** the person an event belongs to, as SQL over the `events` columns; `linked`: appHasPersonLinks */
export function personIdExpr(params: ParamBag, appId: string, linked: boolean): string {
  if (!linked) return 'user_id';
  const lookup = `(SELECT (groupArray(alias_id), groupArray(person_id)) FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = ${params.add(appId, 'String')})`;
  return `transform(user_id, tupleElement(${lookup}, 1), tupleElement(${lookup}, 2), user_id)`;
}
