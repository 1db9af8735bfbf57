// Small SQL building blocks shared by analyses. Everything a user supplies is a bound parameter;
// only fixed fragments are pasted.

/** the common WHERE clause: one app, one time range */
export const APP_RANGE = `app_id = {app:String} AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}`;

/** a property's value as text whether it was sent as a string or as a number/boolean */
export function propertyText(param: string): string {
  return `if(JSONType(properties, {${param}:String}) = 'String', JSONExtractString(properties, {${param}:String}), JSONExtractRaw(properties, {${param}:String}))`;
}

/** a numeric property (numbers or numeric strings); NULL when absent or not numeric */
export function propertyNumber(param: string): string {
  return `toFloat64OrNull(${propertyText(param)})`;
}

/** the first non-empty of several string properties, given as literal fixed names */
export function firstPropertyText(names: readonly string[]): string {
  for (const n of names) if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new Error(`bad property name ${n}`);
  const parts = names.map((n) => `nullIf(if(JSONType(properties, '${n}') = 'String', JSONExtractString(properties, '${n}'), JSONExtractRaw(properties, '${n}')), '')`);
  return `coalesce(${parts.join(', ')}, '')`;
}

/** the first present of several numeric properties, given as literal fixed names */
export function firstPropertyNumber(names: readonly string[]): string {
  for (const n of names) if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new Error(`bad property name ${n}`);
  const text = (n: string) => `if(JSONType(properties, '${n}') = 'String', JSONExtractString(properties, '${n}'), JSONExtractRaw(properties, '${n}'))`;
  return `coalesce(${names.map((n) => `toFloat64OrNull(${text(n)})`).join(', ')})`;
}
