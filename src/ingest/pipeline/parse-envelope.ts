// Step 1, parse envelope: the wire event's shape. Required fields, no unknown fields, identities,
// sizes and nesting of properties and context, the timestamp (real, not in the future, within
// TALLY_MAX_EVENT_AGE_DAYS) and the event id (a client UUID kept, a missing one derived from what
// was sent, so a re-sent event gets the same id). The caller's right to the app (a write key's
// own app) is checked as soon as app_id is read; whether the app exists is the next step's.
// Nothing here walks a value before its nesting is bounded: a deeply nested field would overflow
// the stack of JSON.stringify.

import { cutText, deriveEventId, engineTimeOf, isAppId, isUuid, nestsDeeperThan, parseWireTimestamp } from '../../event/index.ts';
import { ok, reject, type Envelope, type EventContext, type IngestContext, type Rejection, type StepResult } from './types.ts';

export interface EventLimits {
  /** largest encoded properties (default 64 KiB) */
  readonly maxEventBytes: number;
  /** most keys in any one properties object (default 256) */
  readonly maxPropertiesPerObject: number;
  /** deepest nesting of objects/arrays in properties (default 5 levels) */
  readonly maxPropertyDepth: number;
  /** longest property key (default 128 characters) */
  readonly maxPropertyKeyLength: number;
  /** longest string value (default 8192 characters) */
  readonly maxPropertyStringLength: number;
  /** largest encoded `metadata` object (default 16 KiB); its keys and values have the properties' limits */
  readonly maxMetadataBytes: number;
}

export const DEFAULT_LIMITS: EventLimits = Object.freeze({
  maxEventBytes: 64 * 1024,
  maxPropertiesPerObject: 256,
  maxPropertyDepth: 5,
  maxPropertyKeyLength: 128,
  maxPropertyStringLength: 8192,
  maxMetadataBytes: 16 * 1024,
});

export interface ParseEnvelopeOptions {
  readonly limits?: EventLimits;
  /** events older than this many days are rejected; 0 = no horizon (default 0) */
  readonly maxEventAgeDays?: number;
  readonly now?: () => number;
}

const TOP_LEVEL = new Set(['event_id', 'app_id', 'event_name', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'properties', 'context', 'entity_type', 'entity_id', 'metadata', 'source']);
/** longest entity_type and source (short labels: 'project', 'web') */
const MAX_LABEL_LENGTH = 64;
const CONTEXT_KEYS = new Set(['user_agent', 'ip', 'country', 'locale', 'timezone', 'app_version', 'library', 'library_version', 'page_url', 'referrer', 'screen', 'device_type']);
// printable, no control characters
const NAME_RE = /^[^\u0000-\u001f\u007f]{1,200}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
/** no field outside properties (which has its own, smaller limit) may nest deeper than this */
const MAX_FIELD_DEPTH = 32;
const DAY_MS = 86_400_000;
const MIN_TS = Date.UTC(1970, 0, 1);
/** later wire timestamps are invalid, not merely in the future */
const MAX_TS = Date.UTC(2299, 11, 31);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isMissing = (v: unknown) => v === undefined || v === null || v === '';

function identity(value: unknown, field: string): string | Rejection | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'must be a string');
  if (value.length > 256) return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'longer than 256 characters');
  // an unpaired surrogate or a control character would fail the whole shared insert
  if (!value.isWellFormed() || CONTROL_RE.test(value)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'malformed unicode or control characters');
  return value;
}

/** entity_type / source: a short printable label, or undefined when not sent */
function label(value: unknown, field: string): string | Rejection | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value !== 'string') return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, 'must be a string');
  if (value.length > MAX_LABEL_LENGTH || !NAME_RE.test(value) || !value.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', field, `1-${MAX_LABEL_LENGTH} printable characters`);
  return value;
}

function checkProperties(value: unknown, limits: EventLimits, path: string, depth: number): Rejection | undefined {
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

function checkContext(context: Record<string, unknown>): Rejection | undefined {
  for (const key in context) {
    if (!CONTEXT_KEYS.has(key)) return reject('TALLY_ERR_EVENT_UNKNOWN_FIELD', `context.${cutText(key, 64)}`);
    const v = context[key];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'must be a string');
    if (typeof v === 'string' && v.length > 2048) return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'longer than 2048 characters');
    if (typeof v === 'string' && !v.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', `context.${key}`, 'malformed unicode');
  }
  return undefined;
}

/** a context string cut to `max` UTF-16 units on a character boundary; '' unless a string was sent */
function contextString(context: Record<string, unknown>, key: string, max: number): string {
  const v = context[key];
  return typeof v === 'string' ? cutText(v, max) : '';
}

function readContext(context: Record<string, unknown>): EventContext {
  return {
    userAgent: contextString(context, 'user_agent', 2048),
    deviceType: contextString(context, 'device_type', 64),
    country: contextString(context, 'country', 2),
    ip: contextString(context, 'ip', 64),
    locale: contextString(context, 'locale', 32),
    appVersion: contextString(context, 'app_version', 64),
    library: contextString(context, 'library', 64),
    pageUrl: contextString(context, 'page_url', 2048),
    referrer: contextString(context, 'referrer', 2048),
  };
}

export function createParseEnvelope(options: ParseEnvelopeOptions = {}) {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const maxAgeMs = (options.maxEventAgeDays ?? 0) * DAY_MS;
  const now = options.now ?? Date.now;

  return function parseEnvelope(input: unknown, ctx: IngestContext): StepResult<Envelope> {
    if (!isPlainObject(input)) return reject('TALLY_ERR_EVENT_NOT_OBJECT');
    // first, before anything walks them: properties are bounded by checkProperties
    for (const key in input) {
      if (key !== 'properties' && nestsDeeperThan(input[key], MAX_FIELD_DEPTH)) return reject('TALLY_ERR_EVENT_TOO_DEEP', cutText(key, 64), MAX_FIELD_DEPTH);
    }
    for (const key in input) {
      if (!TOP_LEVEL.has(key)) return reject('TALLY_ERR_EVENT_UNKNOWN_FIELD', cutText(key, 64));
    }

    const appId = input.app_id;
    if (isMissing(appId)) return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'app_id');
    if (!isAppId(appId)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'app_id', 'lowercase letters, digits, _ and -, at most 64');
    if (ctx.allowedAppId !== undefined && appId !== ctx.allowedAppId) return reject('TALLY_ERR_EVENT_APP_MISMATCH', appId);

    const eventName = input.event_name;
    if (isMissing(eventName)) return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'event_name');
    if (typeof eventName !== 'string' || !NAME_RE.test(eventName) || !eventName.isWellFormed()) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'event_name', '1-200 printable characters');

    if (isMissing(input.timestamp)) return reject('TALLY_ERR_EVENT_MISSING_FIELD', 'timestamp');
    const ts = parseWireTimestamp(input.timestamp);
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
    const badContext = checkContext(context);
    if (badContext) return badContext;

    const propertiesJson = JSON.stringify(properties);
    if (propertiesJson.length > limits.maxEventBytes) return reject('TALLY_ERR_EVENT_TOO_LARGE', limits.maxEventBytes);

    // seed 004's first-class fields (docs/enrichment.md)
    const entityType = label(input.entity_type, 'entity_type');
    if (typeof entityType === 'object') return entityType;
    const entityId = identity(input.entity_id, 'entity_id');
    if (typeof entityId === 'object') return entityId;
    const source = label(input.source, 'source');
    if (typeof source === 'object') return source;
    let metadataJson = '{}';
    let metadata: Record<string, unknown> = {};
    if (!isMissing(input.metadata)) {
      if (!isPlainObject(input.metadata)) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'metadata', 'must be an object');
      const badMetadata = checkProperties(input.metadata, limits, 'metadata', 0);
      if (badMetadata) return badMetadata;
      metadata = input.metadata;
      metadataJson = JSON.stringify(metadata);
      if (metadataJson.length > limits.maxMetadataBytes) return reject('TALLY_ERR_EVENT_INVALID_FIELD', 'metadata', `larger than ${limits.maxMetadataBytes} bytes`);
    }

    const personId = userId ?? (anonymousId as string);
    let eventId: string;
    if (isMissing(input.event_id)) {
      // derived from what was sent, before scrubbing: the same event sent twice has one id
      eventId = deriveEventId(ts, `${appId}\u0000${eventName}\u0000${personId}\u0000${sessionId ?? ''}\u0000${ts}\u0000${propertiesJson}`);
    } else if (typeof input.event_id !== 'string' || !isUuid(input.event_id)) {
      return reject('TALLY_ERR_EVENT_INVALID_ID');
    } else {
      eventId = input.event_id.toLowerCase();
    }

    return ok({
      eventId,
      appId,
      eventName,
      userId: personId,
      anonymousId: anonymousId ?? '',
      sessionId: sessionId ?? '',
      timestampMs: ts,
      timestamp: engineTimeOf(input.timestamp, ts),
      properties,
      propertiesJson,
      context: readContext(context),
      entityType: entityType ?? '',
      entityId: entityId ?? '',
      metadata,
      metadataJson,
      source: source ?? '',
    });
  };
}

export type ParseEnvelope = ReturnType<typeof createParseEnvelope>;
