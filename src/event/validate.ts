// The wire event → the stored row. Checks the envelope (required fields, no unknown fields,
// sizes), normalises the timestamp to UTC milliseconds, keeps or derives the event id, enriches
// context and encodes the row as one JSONEachRow line. Returns outcomes as values: a rejected
// event never throws.

import { categorize } from './category.ts';
import { anonymizeIp, createUserAgentParser } from './enrich.ts';
import { deriveEventId, isUuid } from './event-id.ts';
import type { Scrubber } from './scrub.ts';
import { cutText, nestsDeeperThan } from './text.ts';
import { formatMessage, type ErrorCode } from '../errors.ts';

export interface EventLimits {
  /** largest encoded event (default 64 KiB) */
  readonly maxEventBytes: number;
  /** most keys in any one properties object (default 256) */
  readonly maxPropertiesPerObject: number;
  /** deepest nesting of objects/arrays in properties (default 5 levels) */
  readonly maxPropertyDepth: number;
  /** longest property key (default 128 characters) */
  readonly maxPropertyKeyLength: number;
  /** longest string value (default 8192 characters) */
  readonly maxPropertyStringLength: number;
}

export const DEFAULT_LIMITS: EventLimits = Object.freeze({
  maxEventBytes: 64 * 1024,
  maxPropertiesPerObject: 256,
  maxPropertyDepth: 5,
  maxPropertyKeyLength: 128,
  maxPropertyStringLength: 8192,
});

/** An accepted event, ready for the batcher. */
export interface ValidatedEvent {
  readonly eventId: string;
  readonly appId: string;
  readonly eventName: string;
  readonly userId: string;
  readonly timestampMs: number;
  /** one JSONEachRow line for the `events` table, without the newline */
  readonly row: string;
}

export type Validation =
  | { readonly ok: true; readonly event: ValidatedEvent }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export interface ValidatorOptions {
  readonly limits?: EventLimits;
  /** events older than this many days are rejected; 0 = no horizon */
  readonly maxEventAgeDays?: number;
  /** keep the full user agent string (off by default) */
  readonly storeUserAgent?: boolean;
  /** privacy scrubbing of properties, URLs and session ids before storage (see scrub.ts) */
  readonly scrub?: Scrubber;
  readonly now?: () => number;
  /** a category that wins over the name-based one (the schema registry's, per app and event) */
  readonly categoryOverride?: (appId: string, eventName: string) => string | undefined;
  /**
   * the oldest timestamp the store keeps for a category (epoch ms), or undefined = kept forever;
   * older events are rejected instead of being acknowledged and then removed by retention
   */
  readonly retainedSince?: (category: string, nowMs: number) => number | undefined;
}

export interface ValidateContext {
  /** the app the caller may write to; undefined = any (admin) */
  readonly allowedAppId?: string;
  /** server receive time, epoch ms */
  readonly receivedAtMs: number;
}

const TOP_LEVEL = new Set(['event_id', 'app_id', 'event_name', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'properties', 'context']);
const CONTEXT_KEYS = new Set(['user_agent', 'ip', 'country', 'locale', 'timezone', 'app_version', 'library', 'library_version', 'page_url', 'referrer', 'screen', 'device_type']);
const APP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
// printable, no control characters
const NAME_RE = /^[^\u0000-\u001f\u007f]{1,200}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
/** no field outside properties (which has its own, smaller limit) may nest deeper than this */
const MAX_FIELD_DEPTH = 32;
const DAY_MS = 86_400_000;
const MIN_TS = Date.UTC(1970, 0, 1);
const MAX_TS = Date.UTC(2299, 11, 31);

type Fail = { readonly ok: false; readonly code: ErrorCode; readonly message: string };
function reject(code: ErrorCode, ...args: Array<string | number>): Fail {
  // messages quote what was sent; they are stored with the quarantined event, so keep them storable
  return { ok: false, code, message: formatMessage(code, args).toWellFormed() };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 'YYYY-MM-DD hh:mm:ss.mmm' in UTC, the engine's DateTime64(3) text form */
export function toEngineTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

const CANONICAL_ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** engine text of a timestamp; the canonical ISO form (most SDKs send it) is sliced, not re-formatted */
function engineTimeOf(input: unknown, ms: number): string {
  if (typeof input === 'string' && input.length === 24 && CANONICAL_ISO_RE.test(input)) return `${input.slice(0, 10)} ${input.slice(11, 23)}`;
  return toEngineTime(ms);
}

function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = ISO_RE.exec(value);
  if (!m) return undefined;
  // Date.parse rolls impossible dates over (Feb 31 → Mar 3, 24:00 → next day) and the engine then
  // refuses the canonical text it was sent: every part must name a real calendar moment
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const civil = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (civil.getUTCFullYear() !== year || civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day || civil.getUTCHours() !== hour || civil.getUTCMinutes() !== minute || civil.getUTCSeconds() !== second) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function identity(value: unknown, field: string): string | Fail | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'must be a string');
  if (value.length > 256) return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'longer than 256 characters');
  // an unpaired surrogate or a control character would fail the whole shared insert (trust)
  if (!value.isWellFormed() || CONTROL_RE.test(value)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'malformed unicode or control characters');
  return value;
}

function checkProperties(value: unknown, limits: EventLimits, path: string, depth: number): Fail | undefined {
  if (depth > limits.maxPropertyDepth) return reject('TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP', limits.maxPropertyDepth);
  if (typeof value === 'string') {
    if (!value.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', path, 'malformed unicode (unpaired surrogate)');
    return value.length > limits.maxPropertyStringLength ? reject('TALLY_ERR_EVENT_PROPERTY_VALUE_TOO_LONG', limits.maxPropertyStringLength, path) : undefined;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : reject('TALLY_ERR_EVENT_INVALID_FIELD', path, 'numbers must be finite');
  }
  if (value === null || value === undefined || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) {
    if (value.length > limits.maxPropertiesPerObject) return reject('TALLY_ERR_EVENT_PROPERTIES_TOO_MANY', path, limits.maxPropertiesPerObject);
    for (let i = 0; i < value.length; i++) {
      const bad = checkProperties(value[i], limits, `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > limits.maxPropertiesPerObject) return reject('TALLY_ERR_EVENT_PROPERTIES_TOO_MANY', path, limits.maxPropertiesPerObject);
    for (const key of keys) {
      if (key.length > limits.maxPropertyKeyLength) return reject('TALLY_ERR_EVENT_PROPERTY_KEY_TOO_LONG', limits.maxPropertyKeyLength, `${path}.${cutText(key, 40)}…`);
      if (!key.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', path, 'malformed unicode in a key');
      const bad = checkProperties(value[key], limits, `${path}.${key}`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  return reject('TALLY_ERR_EVENT_INVALID_FIELD', path, 'unsupported value type');
}

/** a context string cut to `max` UTF-16 units on a character boundary (never half a surrogate pair) */
function contextString(context: Record<string, unknown>, key: string, max: number): string {
  const v = context[key];
  return typeof v === 'string' ? cutText(v, max) : '';
}

export function createEventValidator(options: ValidatorOptions = {}) {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const maxAgeMs = (options.maxEventAgeDays ?? 0) * DAY_MS;
  const now = options.now ?? Date.now;
  const parseUserAgent = createUserAgentParser();
  const storeUserAgent = options.storeUserAgent ?? false;
  const categories = new Map<string, string>();
  let receivedAtCache = { ms: NaN, text: '' };
  const category = (name: string): string => {
    let c = categories.get(name);
    if (c === undefined) {
      c = categorize(name);
      if (categories.size < 10_000) categories.set(name, c);
    }
    return c;
  };
  // one request shares one receive time: format it once
  const receivedAt = (ms: number): string => {
    if (receivedAtCache.ms !== ms) receivedAtCache = { ms, text: toEngineTime(ms) };
    return receivedAtCache.text;
  };

  return function validateEvent(input: unknown, ctx: ValidateContext): Validation {
    if (!isPlainObject(input)) return reject('TALLY_ERR_EVENT_NOT_OBJECT');
    // first, before anything walks them: properties are bounded by checkProperties
    for (const key in input) {
      if (key !== 'properties' && nestsDeeperThan(input[key], MAX_FIELD_DEPTH)) return reject('TALLY_ERR_EVENT_TOO_DEEP', cutText(key, 64), MAX_FIELD_DEPTH);
    }
    for (const key in input) {
      if (!TOP_LEVEL.has(key)) return reject('TALLY_ERR_EVENT_UNKNOWN_FIELD', cutText(key, 64));
    }

    const appId = input.app_id;
    if (appId === undefined || appId === null || appId === '') return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'app_id');
    if (typeof appId !== 'string' || !APP_ID_RE.test(appId)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'app_id', 'lowercase letters, digits, _ and -, at most 64');
    if (ctx.allowedAppId !== undefined && appId !== ctx.allowedAppId) return reject('TALLY_ERR_EVENT_APP_MISMATCH', appId);

    const eventName = input.event_name;
    if (eventName === undefined || eventName === null || eventName === '') return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'event_name');
    if (typeof eventName !== 'string' || !NAME_RE.test(eventName) || !eventName.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'event_name', '1-200 printable characters');

    if (input.timestamp === undefined || input.timestamp === null || input.timestamp === '') return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'timestamp');
    const ts = parseTimestamp(input.timestamp);
    if (ts === undefined || ts < MIN_TS || ts > MAX_TS) return reject('TALLY_ERR_EVENT_INVALID_TIMESTAMP', cutText(String(input.timestamp), 40));
    const nowMs = now();
    if (ts > nowMs + DAY_MS) return reject('TALLY_ERR_EVENT_TIMESTAMP_IN_FUTURE', new Date(ts).toISOString());
    if (maxAgeMs > 0 && ts < nowMs - maxAgeMs) return reject('TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD', new Date(ts).toISOString());

    const userId = identity(input.user_id, 'user_id');
    if (typeof userId === 'object') return userId;
    const anonymousId = identity(input.anonymous_id, 'anonymous_id');
    if (typeof anonymousId === 'object') return anonymousId;
    if (userId === undefined && anonymousId === undefined) return reject('TALLY_ERR_EVENT_MISSING_IDENTITY');
    const sessionId = identity(input.session_id, 'session_id');
    if (typeof sessionId === 'object') return sessionId;

    const properties = input.properties ?? {};
    if (!isPlainObject(properties)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'properties', 'must be an object');
    const badProperty = checkProperties(properties, limits, 'properties', 0);
    if (badProperty) return badProperty;

    const context = input.context ?? {};
    if (!isPlainObject(context)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'context', 'must be an object');
    for (const key in context) {
      if (!CONTEXT_KEYS.has(key)) return reject('TALLY_ERR_EVENT_UNKNOWN_FIELD', `context.${cutText(key, 64)}`);
      const v = context[key];
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'must be a string');
      if (typeof v === 'string' && v.length > 2048) return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'longer than 2048 characters');
      if (typeof v === 'string' && !v.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'malformed unicode');
    }

    const propertiesJson = JSON.stringify(properties);
    if (propertiesJson.length > limits.maxEventBytes) return reject('TALLY_ERR_EVENT_TOO_LARGE', limits.maxEventBytes);
    // ids derive from what was sent; the row keeps only the scrubbed form
    const scrub = options.scrub;
    const scrubbed = scrub ? scrub.properties(properties) : properties;
    const storedPropertiesJson = scrubbed === properties ? propertiesJson : JSON.stringify(scrubbed);

    const personId = userId ?? (anonymousId as string);
    let eventId: string;
    if (input.event_id === undefined || input.event_id === null || input.event_id === '') {
      eventId = deriveEventId(ts, `${appId}\u0000${eventName}\u0000${personId}\u0000${sessionId ?? ''}\u0000${ts}\u0000${propertiesJson}`);
    } else if (typeof input.event_id !== 'string' || !isUuid(input.event_id)) {
      return reject('TALLY_ERR_EVENT_INVALID_ID');
    } else {
      eventId = input.event_id.toLowerCase();
    }

    const eventCategory = options.categoryOverride?.(appId, eventName) ?? category(eventName);
    const oldestKept = options.retainedSince?.(eventCategory, nowMs);
    if (oldestKept !== undefined && ts < oldestKept) return reject('TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD', `${new Date(ts).toISOString()} (category ${eventCategory} is kept less long)`);

    const userAgent = contextString(context, 'user_agent', 2048);
    const device = parseUserAgent(userAgent);
    const row = JSON.stringify({
      event_id: eventId,
      app_id: appId,
      event_name: eventName,
      category: eventCategory,
      user_id: personId,
      anonymous_id: anonymousId ?? '',
      session_id: scrub ? scrub.sessionId(sessionId ?? '') : (sessionId ?? ''),
      timestamp: engineTimeOf(input.timestamp, ts),
      received_at: receivedAt(ctx.receivedAtMs),
      properties: storedPropertiesJson,
      device: contextString(context, 'device_type', 64) || device.device,
      browser: device.browser,
      os: device.os,
      country: contextString(context, 'country', 2).toUpperCase(),
      ip_prefix: anonymizeIp(contextString(context, 'ip', 64)),
      locale: contextString(context, 'locale', 32),
      app_version: contextString(context, 'app_version', 64),
      library: contextString(context, 'library', 64),
      page_url: scrub ? scrub.url(contextString(context, 'page_url', 2048)) : contextString(context, 'page_url', 2048),
      referrer: scrub ? scrub.url(contextString(context, 'referrer', 2048)) : contextString(context, 'referrer', 2048),
      user_agent: storeUserAgent ? userAgent : '',
    });
    return { ok: true, event: { eventId, appId, eventName, userId: personId, timestampMs: ts, row } };
  };
}

export type EventValidator = ReturnType<typeof createEventValidator>;
