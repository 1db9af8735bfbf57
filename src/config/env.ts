// Reading environment values by their declaration in the registry (registry.ts): defaults, ranges
// and allowed values come from there, so the loader cannot drift from the documentation. Each
// refusal names the key, the bad value (never a secret's) and what is allowed.

import { TallyError } from '../errors.ts';
import { configRegistry, type BooleanName, type EnumName, type IntegerName, type TextName, type VariableName } from './registry.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export function fail(key: string, value: string, allowed: string): never {
  throw new TallyError('TALLY_ERR_CONFIG_INVALID', [`${key}=${JSON.stringify(value)}: expected ${allowed}`]);
}

/** The raw value of a declared variable; undefined when unset. Only the helpers below read env. */
function raw(env: Env, key: VariableName): string | undefined {
  return env[key];
}

/** An integer within the declared range; `fallback` replaces the declared default when it is derived from another value. */
export function int(env: Env, key: IntegerName, fallback?: number): number {
  const spec = configRegistry[key];
  const value = raw(env, key);
  if (value === undefined || value === '') return fallback ?? spec.default;
  const allowed = `an integer from ${spec.min} to ${spec.max}`;
  if (!/^\d+$/.test(value.trim())) fail(key, value, allowed);
  const n = Number(value.trim());
  if (n < spec.min || n > spec.max) fail(key, value, allowed);
  return n;
}

export function bool(env: Env, key: BooleanName): boolean {
  const value = raw(env, key);
  if (value === undefined || value === '') return configRegistry[key].default;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  fail(key, value, 'one of true, false, 1, 0, yes, no, on, off');
}

/** One of the declared allowed values. */
export function oneOf<K extends EnumName>(env: Env, key: K): (typeof configRegistry)[K]['allowed'][number] {
  const spec = configRegistry[key];
  const value = raw(env, key) || spec.default;
  if (!(spec.allowed as readonly string[]).includes(value)) fail(key, value, 'expected' in spec ? spec.expected : spec.allowed.join(', '));
  return value as (typeof configRegistry)[K]['allowed'][number];
}

/**
 * The text of a free-form variable, or its declared default when unset or empty; the caller checks
 * the form. `keepEmpty` returns '' as set (for lists where empty means "none").
 */
export function text(env: Env, key: TextName, options: { readonly keepEmpty?: boolean } = {}): string | undefined {
  const value = raw(env, key);
  if (value === undefined || (value === '' && !options.keepEmpty)) return configRegistry[key].default;
  return value;
}

/** Refuses a free-form value with the form the registry declares (a secret's value is masked). */
export function refuse(key: TextName, value: string): never {
  const spec = configRegistry[key];
  fail(key, 'secret' in spec && spec.secret ? '***' : value, spec.format);
}
