// Profile traits (POST /v1/identify, table person_profiles) as filters and breakdowns of any
// insight: a filter or breakdown with `source: "person"` names a trait. The user's traits are
// their profile now — every version merged, the latest value of each key (a null unsets it) — and
// an event is matched by its (app_id, user_id). A filter is a membership test against the users
// whose traits match; a breakdown reads the trait through a lookup built once per statement
// (transform over the profiles' keys and values, a hash table per block). The trait key is always
// a bound parameter.

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
  return `(app_id, user_id) IN (SELECT app_id, user_id FROM (${currentTrait(keySql)}) WHERE present${condition ? ` AND (${condition})` : ''})`;
}

/** the trait `key` of each event's user, '' when unset or without a profile */
export function personTraitExpr(params: ParamBag, key: string): string {
  const keySql = params.add(key, 'String');
  const lookup = `(SELECT (groupArray(concat(app_id, char(0), user_id)), groupArray(v)) FROM (${currentTrait(keySql)}) WHERE present)`;
  return `transform(concat(app_id, char(0), user_id), tupleElement(${lookup}, 1), tupleElement(${lookup}, 2), '')`;
}
