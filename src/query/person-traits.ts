// Profile traits (POST /v1/identify, table person_profiles) as filters and breakdowns of any
// insight: a filter or breakdown with `source: "person"` names a trait. The user's traits are
// their profile now — every version merged, the latest value of each key (a null unsets it) — and
// an event is matched by its (app_id, user_id). A filter is a membership test against the users
// whose traits match; a breakdown reads the trait through a lookup built once per statement
// (transform over the profiles' keys and values, a hash table per block). The trait key is always
// a bound parameter. One person across their ids: an event of an id linked to a person
// (person_aliases, src/people/person-links.ts) has that person's traits, so a filter or breakdown
// by a trait set at sign-up also covers the person's anonymous events before it.

import { RESOLVED_LINKS_SQL } from '../people/index.ts';
import type { ParamBag } from './params.ts';
import { jsonMemberText } from './sql.ts';

const PROFILES = 'person_profiles';

/** per (app_id, user_id): the trait's current text `v` and whether it is set `present` */
function currentTrait(keySql: string): string {
  return `SELECT app_id, user_id,
            argMaxIf(${jsonMemberText('traits', keySql)}, set_at, JSONHas(traits, ${keySql})) AS v,
            argMaxIf(JSONType(traits, ${keySql}) != 'Null', set_at, JSONHas(traits, ${keySql})) AS present
     FROM ${PROFILES} GROUP BY app_id, user_id`;
}

/** events whose user's trait `key` satisfies `condition` (SQL over `v`); the trait must be set */
export function personMatch(params: ParamBag, key: string, condition: string | undefined): string {
  const keySql = params.add(key, 'String');
  const matching = `SELECT app_id, user_id FROM (${currentTrait(keySql)}) WHERE present${condition ? ` AND (${condition})` : ''}`;
  // the matching people, and every id linked to one of them
  return `(app_id, user_id) IN (${matching} UNION ALL SELECT app_id, alias_id FROM (${RESOLVED_LINKS_SQL}) WHERE (app_id, person_id) IN (${matching}))`;
}

/** the trait `key` of each event's user (of the person its id is linked to, when it is), '' when unset or without a profile */
export function personTraitExpr(params: ParamBag, key: string): string {
  const keySql = params.add(key, 'String');
  const own = `SELECT concat(app_id, char(0), user_id) AS k, v, 0 AS linked FROM (${currentTrait(keySql)}) WHERE present`;
  const viaLink = `SELECT concat(l.app_id, char(0), l.alias_id) AS k, p.v AS v, 1 AS linked
    FROM (${RESOLVED_LINKS_SQL}) AS l INNER JOIN (SELECT app_id, user_id, v FROM (${currentTrait(keySql)}) WHERE present) AS p ON l.app_id = p.app_id AND l.person_id = p.user_id`;
  // an id's person's trait wins over a profile of the id itself
  const lookup = `(SELECT (groupArray(k), groupArray(v)) FROM (SELECT k, argMax(v, linked) AS v FROM (${own} UNION ALL ${viaLink}) GROUP BY k))`;
  return `transform(concat(app_id, char(0), user_id), tupleElement(${lookup}, 1), tupleElement(${lookup}, 2), '')`;
}
