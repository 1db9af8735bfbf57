// A profile's traits: their limits (checked at identify), the merge of versions into the traits at
// a moment, and the two facts events are enriched with — the `role` trait and the tenure in days
// since the `created_at` trait (seed 004's user_role and user_tenure_days).

import { parseWireTimestamp } from '../event/index.ts';

export interface TraitLimits {
  /** most keys in any one object (default 256) */
  readonly maxKeys: number;
  /** deepest nesting (default 3 levels) */
  readonly maxDepth: number;
  /** longest key (default 128 characters) */
  readonly maxKeyLength: number;
  /** longest string value (default 2048 characters) */
  readonly maxStringLength: number;
  /** largest encoded traits of one identify (default 32 KiB) */
  readonly maxBytes: number;
}

export const DEFAULT_TRAIT_LIMITS: TraitLimits = Object.freeze({ maxKeys: 256, maxDepth: 3, maxKeyLength: 128, maxStringLength: 2048, maxBytes: 32 * 1024 });

/** the traits that feed the event columns */
export const ROLE_TRAIT = 'role';
export const CREATED_AT_TRAIT = 'created_at';
/** longest role stored on an event */
const MAX_ROLE_LENGTH = 256;
const DAY_MS = 86_400_000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** undefined when the traits may be stored, else what is wrong with them (naming the path) */
export function traitsProblem(traits: unknown, limits: TraitLimits = DEFAULT_TRAIT_LIMITS): string | undefined {
  if (!isPlainObject(traits)) return 'traits must be an object';
  const walk = (v: unknown, path: string, depth: number): string | undefined => {
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return `${path}: malformed unicode`;
      return v.length > limits.maxStringLength ? `${path}: string longer than ${limits.maxStringLength} characters` : undefined;
    }
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${path}: numbers must be finite`;
    if (v === null || typeof v === 'boolean') return undefined;
    if (depth >= limits.maxDepth) return `${path}: nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(v)) {
      if (v.length > limits.maxKeys) return `${path}: more than ${limits.maxKeys} items`;
      for (let i = 0; i < v.length; i++) {
        const bad = walk(v[i], `${path}[${i}]`, depth + 1);
        if (bad) return bad;
      }
      return undefined;
    }
    if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length > limits.maxKeys) return `${path}: more than ${limits.maxKeys} keys`;
      for (const key of keys) {
        if (key.length === 0 || key.length > limits.maxKeyLength || !key.isWellFormed()) return `${path}: keys must be 1-${limits.maxKeyLength} characters`;
        const bad = walk(v[key], `${path}.${key.slice(0, 40)}`, depth + 1);
        if (bad) return bad;
      }
      return undefined;
    }
    return `${path}: unsupported value`;
  };
  const bad = walk(traits, 'traits', 0);
  if (bad) return bad;
  if (JSON.stringify(traits).length > limits.maxBytes) return `traits larger than ${limits.maxBytes} bytes`;
  const role = traits[ROLE_TRAIT];
  if (role !== undefined && role !== null && typeof role !== 'string') return `traits.${ROLE_TRAIT} must be a string`;
  const createdAt = traits[CREATED_AT_TRAIT];
  if (createdAt !== undefined && createdAt !== null && parseWireTimestamp(createdAt) === undefined) return `traits.${CREATED_AT_TRAIT} must be an ISO 8601 time or epoch milliseconds`;
  return undefined;
}

/** one identify: the traits it set, at its time */
export interface TraitVersion {
  readonly atMs: number;
  readonly traits: Readonly<Record<string, unknown>>;
}

/** the traits at a moment: later versions win key by key; a null value unsets the key */
export function mergeTraits(versions: readonly TraitVersion[], untilMs = Number.POSITIVE_INFINITY): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const v of [...versions].sort((a, b) => a.atMs - b.atMs)) {
    if (v.atMs > untilMs) break;
    for (const [k, value] of Object.entries(v.traits)) {
      if (value === null) delete merged[k];
      else merged[k] = value;
    }
  }
  return merged;
}

/** the enrichment-relevant changes of a profile, in time order (what the cache keeps per user) */
export interface FactVersion {
  readonly atMs: number;
  /** undefined: this version did not touch the role; null: it unset it */
  readonly role: string | null | undefined;
  readonly createdAtMs: number | null | undefined;
}

export function factVersion(atMs: number, traits: Readonly<Record<string, unknown>>): FactVersion {
  const role = traits[ROLE_TRAIT];
  const createdAt = traits[CREATED_AT_TRAIT];
  return {
    atMs,
    role: role === undefined ? undefined : typeof role === 'string' ? role.slice(0, MAX_ROLE_LENGTH) : null,
    createdAtMs: createdAt === undefined ? undefined : createdAt === null ? null : (parseWireTimestamp(createdAt) ?? null),
  };
}

/**
 * The role and tenure at `tsMs`, from versions sorted by time. The versions up to tsMs count; when
 * the event precedes the first identify (an event sent a moment before its user was identified),
 * the first version counts, so sign-up events are enriched too. Tenure is whole days from created_at
 * to the event, null when unknown or when the event precedes created_at.
 */
export function factsAt(versions: readonly FactVersion[], tsMs: number): { role: string; tenureDays: number | null } | null {
  if (versions.length === 0) return null;
  let role: string | null | undefined;
  let createdAtMs: number | null | undefined;
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    if (v.atMs > tsMs && i > 0) break;
    if (v.role !== undefined) role = v.role;
    if (v.createdAtMs !== undefined) createdAtMs = v.createdAtMs;
  }
  const tenure = typeof createdAtMs === 'number' && tsMs >= createdAtMs ? Math.floor((tsMs - createdAtMs) / DAY_MS) : null;
  return { role: role ?? '', tenureDays: tenure !== null && tenure < 2 ** 31 ? tenure : null };
}
