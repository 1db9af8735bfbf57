// One person across their ids: the expression an insight counts people by. An event's user_id (its
// user id, or its anonymous id when it had none) is resolved through the links identify/alias made
// (table person_aliases, src/people/person-links.ts): an id linked to a person counts as that
// person, any other id as itself. Stored events are never rewritten; a link made later changes the
// answers of every range at once. The app's links are read once per statement (a scalar subquery,
// the same shape as the profile-trait lookup in person-traits.ts); the app id is a bound parameter.

import { RESOLVED_LINKS_SQL } from '../people/index.ts';
import type { ParamBag } from './params.ts';

/** the person an event belongs to, as SQL over the `events` columns */
export function personIdExpr(params: ParamBag, appId: string): string {
  const lookup = `(SELECT (groupArray(alias_id), groupArray(person_id)) FROM (${RESOLVED_LINKS_SQL}) WHERE app_id = ${params.add(appId, 'String')})`;
  return `transform(user_id, tupleElement(${lookup}, 1), tupleElement(${lookup}, 2), user_id)`;
}
