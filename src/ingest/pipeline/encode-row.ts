// Step 7, encode row — and its inverse. The row format (`tally.row.v1`) is one JSONEachRow line of
// the `events` table. The encoder writes it at the end of the pipeline; ingest nodes produce it to
// Kafka, and workers read it back with decodeRow (the fast path: no second validation) after
// checking it column by column, because anyone who can write to the topic can write a row. Both
// sides live here, on one list of columns: the EventRow type says which columns there are, the
// checks below must name each of them (the compiler holds them to it), and a test holds the
// encoder to the checks' order and every column to an encode → decode round trip.

import { APP_ID_RE, CATEGORIES, parseEngineTime } from '../../event/index.ts';
import { ok, reject, type EnrichedEvent, type StepResult, type ValidatedEvent } from './types.ts';

/** the first row format: the columns up to user_agent (still read: an ingest node not yet upgraded writes it) */
export const ROW_SCHEMA_V1 = 'tally.row.v1';
/** v1 plus seed 004's columns, entity_type … user_tenure_days (migration 0055) */
export const ROW_SCHEMA_V2 = 'tally.row.v2';
/** the version of the row format this code writes (the Kafka schema header's value) */
export const ROW_SCHEMA = ROW_SCHEMA_V2;
/** the row formats decodeRow reads */
export const ROW_SCHEMAS: ReadonlySet<string> = new Set([ROW_SCHEMA_V1, ROW_SCHEMA_V2]);

/** One row of the `events` table as stored, text columns in the engine's text forms. */
export interface EventRow {
  readonly event_id: string;
  readonly app_id: string;
  readonly event_name: string;
  readonly category: string;
  readonly user_id: string;
  readonly anonymous_id: string;
  readonly session_id: string;
  readonly timestamp: string;
  readonly received_at: string;
  /** JSON object text */
  readonly properties: string;
  readonly device: string;
  readonly browser: string;
  readonly os: string;
  readonly country: string;
  readonly ip_prefix: string;
  readonly locale: string;
  readonly app_version: string;
  readonly library: string;
  readonly page_url: string;
  readonly referrer: string;
  readonly user_agent: string;
  readonly entity_type: string;
  readonly entity_id: string;
  /** JSON object text */
  readonly metadata: string;
  readonly source: string;
  readonly region: string;
  readonly city: string;
  readonly user_role: string;
  readonly user_tenure_days: number | null;
}

/** One event's row text: the columns in ROW_COLUMNS order (an object literal: JSON.stringify with a key list costs twice as much). */
export function encodeRow(row: EventRow): string {
  return JSON.stringify({
    event_id: row.event_id,
    app_id: row.app_id,
    event_name: row.event_name,
    category: row.category,
    user_id: row.user_id,
    anonymous_id: row.anonymous_id,
    session_id: row.session_id,
    timestamp: row.timestamp,
    received_at: row.received_at,
    properties: row.properties,
    device: row.device,
    browser: row.browser,
    os: row.os,
    country: row.country,
    ip_prefix: row.ip_prefix,
    locale: row.locale,
    app_version: row.app_version,
    library: row.library,
    page_url: row.page_url,
    referrer: row.referrer,
    user_agent: row.user_agent,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    metadata: row.metadata,
    source: row.source,
    region: row.region,
    city: row.city,
    user_role: row.user_role,
    user_tenure_days: row.user_tenure_days,
  } satisfies EventRow);
}

export function createEncodeRow() {
  return function encode(event: EnrichedEvent): StepResult<ValidatedEvent> {
    const { context } = event;
    const row = encodeRow({
      event_id: event.eventId,
      app_id: event.appId,
      event_name: event.eventName,
      category: event.category,
      user_id: event.userId,
      anonymous_id: event.anonymousId,
      session_id: event.sessionId,
      timestamp: event.timestamp,
      received_at: event.receivedAt,
      properties: event.propertiesJson,
      device: event.device,
      browser: event.browser,
      os: event.os,
      country: event.country,
      ip_prefix: event.ipPrefix,
      locale: context.locale,
      app_version: context.appVersion,
      library: context.library,
      page_url: context.pageUrl,
      referrer: context.referrer,
      user_agent: event.storedUserAgent,
      entity_type: event.entityType,
      entity_id: event.entityId,
      metadata: event.metadataJson,
      source: event.source,
      region: event.region,
      city: event.city,
      user_role: event.userRole,
      user_tenure_days: event.userTenureDays,
    });
    return ok({ eventId: event.eventId, appId: event.appId, eventName: event.eventName, userId: event.userId, timestampMs: event.timestampMs, row });
  };
}

// ---- the decoder: a produced row, checked as the encoder would have written it ----

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const DAY_MS = 86_400_000;
/** clock difference tolerated between an ingest node and a worker, beyond the envelope's day */
const CLOCK_SKEW_MS = 5 * 60_000;

/** undefined when the value may be stored in its column, else what is wrong with it */
type ColumnCheck = (value: unknown) => string | undefined;

function text(minLength: number, maxLength: number, printable = false): ColumnCheck {
  return (v) => {
    if (typeof v !== 'string') return 'must be a string';
    if (v === '' && minLength === 0) return undefined;
    if (v.length < minLength || v.length > maxLength) return `must be ${minLength}-${maxLength} characters`;
    if (!v.isWellFormed()) return 'malformed unicode';
    return printable && CONTROL_RE.test(v) ? 'control characters' : undefined;
  };
}

const matching = (re: RegExp, what: string): ColumnCheck => (v) => (typeof v === 'string' && re.test(v) ? undefined : `must be ${what}`);

/** the times themselves are read once the row's shape is checked (see decodeRow) */
const engineTime: ColumnCheck = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const TIME_PROBLEM = "must be a real UTC time 'YYYY-MM-DD hh:mm:ss.fff' in 1970-2299";

const jsonObjectText: ColumnCheck = (v) => {
  if (typeof v !== 'string') return 'must be JSON object text';
  if (v === '{}') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'must be JSON object text';
  } catch {
    return 'must be JSON object text';
  }
};

const CATEGORY_SET: ReadonlySet<unknown> = new Set(CATEGORIES);

/** Every column of a row with its check, in the order encodeRow writes them. */
const COLUMN_CHECKS: { readonly [C in keyof EventRow]: ColumnCheck } = {
  event_id: matching(UUID_RE, 'a lowercase UUID'),
  app_id: matching(APP_ID_RE, 'an app id'),
  event_name: text(1, 200, true),
  category: (v) => (CATEGORY_SET.has(v) ? undefined : `must be one of ${CATEGORIES.join(', ')}`),
  user_id: text(1, 256, true),
  anonymous_id: text(0, 256, true),
  session_id: text(0, 256, true),
  timestamp: engineTime,
  received_at: engineTime,
  properties: jsonObjectText,
  device: text(0, 256),
  browser: text(0, 256),
  os: text(0, 256),
  country: text(0, 2),
  ip_prefix: text(0, 256),
  locale: text(0, 256),
  app_version: text(0, 256),
  library: text(0, 256),
  page_url: text(0, 8192),
  referrer: text(0, 8192),
  user_agent: text(0, 2048),
  entity_type: text(0, 64, true),
  entity_id: text(0, 256, true),
  metadata: jsonObjectText,
  source: text(0, 64, true),
  region: text(0, 256),
  city: text(0, 256),
  user_role: text(0, 256),
  user_tenure_days: (v) => (v === null || (Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31) ? undefined : 'must be null or a 32-bit integer'),
};
/** columns a v1 row does not have (the engine stores their defaults) */
const V2_COLUMNS: ReadonlySet<string> = new Set(['entity_type', 'entity_id', 'metadata', 'source', 'region', 'city', 'user_role', 'user_tenure_days']);
const ROW_COLUMNS = Object.entries(COLUMN_CHECKS) as ReadonlyArray<[keyof EventRow, ColumnCheck]>;
/** the row's column names, in the order encodeRow writes them */
export const ROW_COLUMN_NAMES: readonly (keyof EventRow)[] = Object.freeze(ROW_COLUMNS.map(([name]) => name));
const COLUMN_NAME_SET: ReadonlySet<string> = new Set(ROW_COLUMN_NAMES);

/**
 * A produced row (`tally.row.v1`) back to the event it encodes. It is checked column by column as
 * encodeRow would have written it — every column present with its type and range, properties
 * JSON object text, times real and no later than the envelope allows, no other column — so
 * nothing the engine would default or a reader could not parse is stored. Any key order is read.
 * `nowMs` is the reader's receive time; `schema` the row format it was written in (a v1 row may
 * lack the v2 columns, which the engine then stores as '' / '{}' / NULL).
 */
export function decodeRow(rowText: string, nowMs = Date.now(), schema: string = ROW_SCHEMA): StepResult<ValidatedEvent> {
  const v1 = schema === ROW_SCHEMA_V1;
  // the batcher joins rows with line breaks
  if (rowText.indexOf('\n') !== -1 || rowText.indexOf('\r') !== -1) return reject('TALLY_ERR_KAFKA_BAD_ROW', 'line break in the row');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rowText);
  } catch {
    return reject('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reject('TALLY_ERR_KAFKA_BAD_ROW', 'not a JSON object');
  const r = parsed as Record<string, unknown>;
  const names = Object.keys(r);
  if (names.length !== ROW_COLUMNS.length) {
    const unknown = names.find((name) => !COLUMN_NAME_SET.has(name));
    if (unknown !== undefined) return reject('TALLY_ERR_KAFKA_BAD_ROW', `unknown column ${JSON.stringify(unknown.slice(0, 64))}`);
  }
  for (const [name, check] of ROW_COLUMNS) {
    const value = r[name];
    // every column is present (and, with as many names as columns, none is unknown)
    if (value === undefined) {
      if (v1 && V2_COLUMNS.has(name)) continue;
      return reject('TALLY_ERR_KAFKA_BAD_ROW', `missing column ${name}`);
    }
    const problem = check(value);
    if (problem !== undefined) return reject('TALLY_ERR_KAFKA_BAD_ROW', `${name} ${problem}`);
  }
  const row = r as unknown as EventRow;
  const timestampMs = parseEngineTime(row.timestamp);
  if (Number.isNaN(timestampMs)) return reject('TALLY_ERR_KAFKA_BAD_ROW', `timestamp ${TIME_PROBLEM}`);
  const receivedAtMs = parseEngineTime(row.received_at);
  if (Number.isNaN(receivedAtMs)) return reject('TALLY_ERR_KAFKA_BAD_ROW', `received_at ${TIME_PROBLEM}`);
  if (receivedAtMs > nowMs + DAY_MS + CLOCK_SKEW_MS) return reject('TALLY_ERR_KAFKA_BAD_ROW', 'received_at is in the future');
  // the envelope refuses events more than a day ahead of their receipt
  if (timestampMs > receivedAtMs + DAY_MS + CLOCK_SKEW_MS) return reject('TALLY_ERR_KAFKA_BAD_ROW', 'timestamp is more than a day after received_at');
  // the text is stored as it came: the engine refuses a row with a duplicated key (a value this
  // check did not see), and the worker dead-letters what the engine refuses
  return ok({ eventId: row.event_id, appId: row.app_id, eventName: row.event_name, userId: row.user_id, timestampMs, row: rowText });
}
