// Configuration of the trust features: privacy scrubbing, retention by category, per-key rate
// limits and raw-SQL limits. Parsed once by loadConfig (the only caller) from TALLY_* variables;
// errors name the key, the bad value and what is allowed.

import { bool, fail, int, refuse, text, type Env } from './env.ts';
import { configRegistry } from './registry.ts';

export interface PrivacyConfig {
  /** replace e-mail addresses in property strings and URLs (TALLY_SCRUB_EMAILS, default true) */
  readonly scrubEmails: boolean;
  /** replace phone numbers in property strings (TALLY_SCRUB_PHONES, default true) */
  readonly scrubPhones: boolean;
  /** replace card numbers that pass the Luhn check (TALLY_SCRUB_CARDS, default true) */
  readonly scrubCards: boolean;
  /** property keys dropped at any depth, compared case-insensitively (TALLY_SCRUB_KEYS, comma list) */
  readonly scrubKeys: readonly string[];
  /** store session ids as keyed hashes (TALLY_HASH_SESSION_IDS, default true) */
  readonly hashSessionIds: boolean;
  /** keep the full user agent string (TALLY_STORE_USER_AGENT, default false) */
  readonly storeUserAgent: boolean;
  /** key of session id hashes (TALLY_SESSION_SECRET); unset = generated once and kept under the
   * data dir. Several nodes writing one store must share it. */
  readonly sessionSecret: string | undefined;
}

export type RetentionUnit = 'DAY' | 'MONTH' | 'YEAR';
/** how long rows are kept; undefined amount = forever */
export interface RetentionPeriod {
  readonly amount: number;
  readonly unit: RetentionUnit;
}

export interface RetentionConfig {
  /** per category (TALLY_RETENTION, e.g. "transaction=7y,interaction=1y"); 'forever' keeps rows */
  readonly byCategory: Readonly<Record<string, RetentionPeriod | 'forever'>>;
  /** every other category (TALLY_RETENTION_DEFAULT, default 90d as seed 003) */
  readonly otherwise: RetentionPeriod | 'forever';
  /** audit log rows (TALLY_AUDIT_RETENTION_DAYS, default 730 days) */
  readonly auditDays: number;
}

export interface RateLimitConfig {
  /** requests per second per write key; 0 = unlimited (TALLY_RATE_LIMIT_WRITE, default 5000) */
  readonly writePerSecond: number;
  /** bucket size of a write key (TALLY_RATE_LIMIT_WRITE_BURST, default 2 × rate) */
  readonly writeBurst: number;
  /** requests per second per read key; 0 = unlimited (TALLY_RATE_LIMIT_READ, default 200) */
  readonly readPerSecond: number;
  /** bucket size of a read key (TALLY_RATE_LIMIT_READ_BURST, default 2 × rate) */
  readonly readBurst: number;
  /** queries (insights, reports, listings, raw SQL) one key may have running at once (TALLY_QUERY_MAX_CONCURRENT_PER_KEY, default 4) */
  readonly queryConcurrentPerKey: number;
  /** seconds of query time one key may use per minute, refilled continuously; 0 = unlimited (TALLY_QUERY_SECONDS_PER_MINUTE, default 60) */
  readonly querySecondsPerMinute: number;
}

export interface RawQueryConfig {
  /** wall-clock limit of one raw query (TALLY_QUERY_TIMEOUT_MS, default 5000 ms) */
  readonly timeoutMs: number;
  /** most result rows (TALLY_QUERY_MAX_ROWS, default 10000) */
  readonly maxResultRows: number;
  /** memory limit of one raw query (TALLY_QUERY_MAX_MEMORY_BYTES, default 512 MiB) */
  readonly maxMemoryBytes: number;
  /** most rows read from storage by one raw query (TALLY_QUERY_MAX_ROWS_TO_READ, default 500M) */
  readonly maxRowsToRead: number;
  /** raw queries running at once; more are refused with 429 (TALLY_QUERY_MAX_CONCURRENT, default 1) */
  readonly maxConcurrent: number;
}

export interface TrustConfig {
  readonly privacy: PrivacyConfig;
  readonly retention: RetentionConfig;
  readonly rateLimits: RateLimitConfig;
  readonly rawQuery: RawQueryConfig;
}

/** Seed 004's classes (the registry's default of TALLY_RETENTION); seed 003's 90 days for everything else. */
export const DEFAULT_RETENTION = configRegistry.TALLY_RETENTION.default;
export const DEFAULT_SCRUB_KEYS = [
  'email', 'e_mail', 'email_address', 'phone', 'phone_number', 'mobile', 'password', 'passwd', 'secret',
  'ssn', 'social_security_number', 'address', 'street_address', 'dob', 'date_of_birth', 'birthdate',
  'credit_card', 'card_number', 'cvv', 'iban',
];

// `mo` is the month; a bare `m` is still read as months for configurations written before `mo`
// existed, but is not documented: in query durations `m` means minutes
const UNITS: Record<string, RetentionUnit> = { d: 'DAY', mo: 'MONTH', m: 'MONTH', y: 'YEAR' };

function period(key: 'TALLY_RETENTION' | 'TALLY_RETENTION_DEFAULT', raw: string): RetentionPeriod | 'forever' {
  const v = raw.trim().toLowerCase();
  if (v === 'forever') return 'forever';
  const m = /^(\d{1,5})(d|mo|m|y)$/.exec(v);
  if (!m || Number(m[1]) < 1) fail(key, raw, "a period like 90d, 18mo, 7y (1-99999) or 'forever'");
  return Object.freeze({ amount: Number(m[1]), unit: UNITS[m[2]] });
}

function retention(env: Env): RetentionConfig {
  // set but empty: no per-category rules (every category keeps TALLY_RETENTION_DEFAULT)
  const raw = text(env, 'TALLY_RETENTION', { keepEmpty: true }) as string;
  const byCategory: Record<string, RetentionPeriod | 'forever'> = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(name ?? '') || value === undefined) fail('TALLY_RETENTION', raw, 'a list like transaction=7y,interaction=18mo (category names in lowercase)');
    byCategory[name] = period('TALLY_RETENTION', value);
  }
  return Object.freeze({
    byCategory: Object.freeze(byCategory),
    otherwise: period('TALLY_RETENTION_DEFAULT', text(env, 'TALLY_RETENTION_DEFAULT') as string),
    auditDays: int(env, 'TALLY_AUDIT_RETENTION_DAYS'),
  });
}

function scrubKeys(env: Env): readonly string[] {
  // unset: the built-in list; set but empty: no key is dropped
  const raw = text(env, 'TALLY_SCRUB_KEYS', { keepEmpty: true });
  if (raw === undefined) return Object.freeze([...DEFAULT_SCRUB_KEYS]);
  const keys = raw.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean);
  for (const k of keys) if (k.length > 128) refuse('TALLY_SCRUB_KEYS', raw);
  return Object.freeze(keys);
}

function sessionSecret(env: Env): string | undefined {
  const raw = text(env, 'TALLY_SESSION_SECRET');
  if (raw !== undefined && raw.length < 16) refuse('TALLY_SESSION_SECRET', raw);
  return raw;
}

export function loadTrustConfig(env: Env): TrustConfig {
  const writePerSecond = int(env, 'TALLY_RATE_LIMIT_WRITE');
  const readPerSecond = int(env, 'TALLY_RATE_LIMIT_READ');
  return Object.freeze({
    privacy: Object.freeze({
      scrubEmails: bool(env, 'TALLY_SCRUB_EMAILS'),
      scrubPhones: bool(env, 'TALLY_SCRUB_PHONES'),
      scrubCards: bool(env, 'TALLY_SCRUB_CARDS'),
      scrubKeys: scrubKeys(env),
      hashSessionIds: bool(env, 'TALLY_HASH_SESSION_IDS'),
      storeUserAgent: bool(env, 'TALLY_STORE_USER_AGENT'),
      sessionSecret: sessionSecret(env),
    }),
    retention: retention(env),
    rateLimits: Object.freeze({
      writePerSecond,
      writeBurst: int(env, 'TALLY_RATE_LIMIT_WRITE_BURST', Math.max(1, writePerSecond * 2)),
      readPerSecond,
      readBurst: int(env, 'TALLY_RATE_LIMIT_READ_BURST', Math.max(1, readPerSecond * 2)),
      queryConcurrentPerKey: int(env, 'TALLY_QUERY_MAX_CONCURRENT_PER_KEY'),
      querySecondsPerMinute: int(env, 'TALLY_QUERY_SECONDS_PER_MINUTE'),
    }),
    rawQuery: Object.freeze({
      timeoutMs: int(env, 'TALLY_QUERY_TIMEOUT_MS'),
      maxResultRows: int(env, 'TALLY_QUERY_MAX_ROWS'),
      maxMemoryBytes: int(env, 'TALLY_QUERY_MAX_MEMORY_BYTES'),
      maxRowsToRead: int(env, 'TALLY_QUERY_MAX_ROWS_TO_READ'),
      maxConcurrent: int(env, 'TALLY_QUERY_MAX_CONCURRENT'),
    }),
  });
}

/** The oldest event time (epoch ms) a category keeps at `nowMs` under these rules; undefined = forever. */
export function retainedSince(retention: RetentionConfig, category: string, nowMs: number): number | undefined {
  const rule = retention.byCategory[category] ?? retention.otherwise;
  if (rule === 'forever') return undefined;
  const d = new Date(nowMs);
  if (rule.unit === 'DAY') d.setUTCDate(d.getUTCDate() - rule.amount);
  else if (rule.unit === 'MONTH') d.setUTCMonth(d.getUTCMonth() - rule.amount);
  else d.setUTCFullYear(d.getUTCFullYear() - rule.amount);
  // a minute of slack: the engine's TTL and this clock are not read at the same instant
  return d.getTime() + 60_000;
}
