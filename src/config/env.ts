// Reading environment values: each helper names the key, the bad value and what is allowed.

import { TallyError } from '../errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export function fail(key: string, value: string, allowed: string): never {
  throw new TallyError('TALLY_ERR_CONFIG_INVALID', [`${key}=${JSON.stringify(value)}: expected ${allowed}`]);
}

export function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) fail(key, raw, `an integer from ${min} to ${max}`);
  const value = Number(raw.trim());
  if (value < min || value > max) fail(key, raw, `an integer from ${min} to ${max}`);
  return value;
}

export function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  fail(key, raw, 'one of true, false, 1, 0, yes, no, on, off');
}
