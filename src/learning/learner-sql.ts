// SQL fragments the learner model's statements share: the seed's event names and a property read
// as text or as a JSON number, exactly as the materialized views of migration 0041 read them.
// Property keys are constants of this room (never user strings), so they are written as literals.

export const LEARNING_EVENTS = ['question_answered', 'material_open', 'material_progress', 'session_start', 'session_end'] as const;

/** `IN (…)` list of the learner model's event names */
export const LEARNING_EVENTS_SQL = `(${LEARNING_EVENTS.map((e) => `'${e}'`).join(', ')})`;

const KEY_RE = /^[a-z_]{1,64}$/;

function key(k: string): string {
  if (!KEY_RE.test(k)) throw new Error(`bad property key ${k}`);
  return `'${k}'`;
}

/** a property as text: strings as they are, numbers as their JSON text, '' when absent */
export function textProp(k: string): string {
  return `if(JSONType(properties, ${key(k)}) = 'String', JSONExtractString(properties, ${key(k)}), JSONExtractRaw(properties, ${key(k)}))`;
}

/** a property sent as a JSON number, else `otherwise` (a numeric string is not a number) */
export function numberProp(k: string, otherwise = '0'): string {
  return `if(JSONType(properties, ${key(k)}) IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(properties, ${key(k)}), ${otherwise})`;
}

/** a material's progress, clamped to [0, 1]; 0 for material_open and when not a number */
export const PROGRESS_SQL = `if(event_name = 'material_progress', least(greatest(${numberProp('progress')}, 0), 1), 0)`;
