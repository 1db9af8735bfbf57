// The SQL vocabulary every analysis and report shares. Values always enter through a ParamBag as
// bound {pN:Type} placeholders (the one binding style); fragments pasted into statements are fixed
// text from this module. Three ideas live here and nowhere else:
//   - the scope clause: one app, one time range (appRange);
//   - a property's value as text or number, however it was sent (propertyText, propertyNumber);
//   - an instant as an engine time placeholder (timeParam).

import { toEngineTime } from '../event/index.ts';
import type { ParamBag } from './params.ts';

/** the latest instant an analysis binds (the engine's DateTime64 range ends in 2299) */
const LAST_MS = Date.UTC(2299, 11, 31);

/** a placeholder for an instant, clamped into the engine's range */
export function timeParam(params: ParamBag, ms: number): string {
  return params.add(toEngineTime(Math.min(Math.max(0, ms), LAST_MS)), "DateTime64(3, 'UTC')");
}

/** the scope clause: `app_id = … AND timestamp in [from, to)` */
export function appRange(params: ParamBag, appId: string, fromMs: number, toMs: number): string {
  return `app_id = ${params.add(appId, 'String')} AND timestamp >= ${timeParam(params, fromMs)} AND timestamp < ${timeParam(params, toMs)}`;
}

/**
 * The text of a JSON object's member `keySql` (a placeholder) in `column`, whether it was sent as
 * a string or as a number/boolean: strings unquoted, other values as their JSON text.
 */
export function jsonMemberText(column: string, keySql: string): string {
  // One parse of the (large) object for nearly every row: JSONExtract(…, 'String') gives a string
  // member unquoted and any other value as its JSON text, which is what JSONExtractRaw gives (the
  // engine computes the repeated call once per row). It gives '' for an absent member, for "" and
  // for null alike; null must read 'null', so an empty answer asks the raw text again, but only
  // when the object's text holds "null" somewhere. Strings read 40% faster than through
  // JSONExtractRaw and a second parse of its quoted text; other values take the same time.
  const text = `JSONExtract(${column}, ${keySql}, 'String')`;
  return `multiIf(${text} != '', ${text}, position(${column}, 'null') = 0, '', JSONExtractRaw(${column}, ${keySql}) = 'null', 'null', '')`;
}

/**
 * What a materialized property's column holds (docs/storage.md): the property's text as
 * `jsonMemberText` reads it, or NULL when the event lacks the property, so one column answers both
 * "what is it" and "is it set". `keyLiteral` is a quoted SQL string (a column's expression cannot
 * take parameters).
 */
export function materializedPropertyExpr(keyLiteral: string): string {
  return `if(JSONHas(properties, ${keyLiteral}), ${jsonMemberText('properties', keyLiteral)}, NULL)`;
}

/** a property's value as text (empty when absent); from its column when the store has one */
export function propertyText(params: ParamBag, key: string): string {
  return propertyReading(params, key).text;
}

/** a property's text, and whether the event has it (even as JSON null), with the key bound once */
export function propertyReading(params: ParamBag, key: string): { readonly text: string; readonly present: string } {
  const column = params.propertyColumns.columnOf(key);
  if (column) return { text: `ifNull(${column}, '')`, present: `isNotNull(${column})` };
  params.propertyColumns.noteJsonRead(key);
  const keySql = params.add(key, 'String');
  return { text: jsonMemberText('properties', keySql), present: `JSONHas(properties, ${keySql})` };
}

/** a numeric property (numbers or numeric strings); NULL when absent or not numeric */
export function propertyNumber(params: ParamBag, key: string): string {
  return `toFloat64OrNull(${propertyText(params, key)})`;
}

/** the first non-empty of several string properties */
export function firstPropertyText(params: ParamBag, keys: readonly string[]): string {
  return `coalesce(${keys.map((k) => `nullIf(${propertyText(params, k)}, '')`).join(', ')}, '')`;
}

/** the first present of several numeric properties */
export function firstPropertyNumber(params: ParamBag, keys: readonly string[]): string {
  return `coalesce(${keys.map((k) => propertyNumber(params, k)).join(', ')})`;
}
