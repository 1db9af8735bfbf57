// The Kafka message contract. An ingest node produces each accepted event as its validated row
// (the `events` JSONEachRow line), keyed by app and user so one user's events keep their order,
// with a schema header and the request's traceparent. A worker decodes three kinds of messages:
//   - rows with the schema header (validated and enriched by the ingest node, checked again here
//     column by column: anyone who can write to the topic can write a row);
//   - plain wire events without it (seed 003's producers write `{app_id, event_name, user_id,
//     timestamp, properties}` straight to the topic), validated here like an HTTP event;
//   - change-capture rows on mapped topics (seed 000), mapped to wire events, then validated;
//     a tombstone (null value, written after a delete for log compaction) carries no row and is
//     skipped.
// Decoding never throws: a bad message is a value with a reason code, bound for the dead-letter
// topic; a skipped one is a value with a reason that labels a metric.

import { isUtf8 } from 'node:buffer';
import type { TopicMapping } from '../config/index.ts';
import { CATEGORIES, type EventValidator, type ValidatedEvent } from '../event/index.ts';
import { formatMessage, type ErrorCode } from '../errors.ts';
import { mapChangeRow } from './kafka-mapping.ts';

/** the schema header and the version of the row format this code produces and reads */
export const SCHEMA_HEADER = 'tally-schema';
export const ROW_SCHEMA_V1 = 'tally.row.v1';
export const DLQ_SUFFIX = '.dlq';
/** headers of a dead letter (the original headers are kept too) */
export const DLQ_HEADERS = Object.freeze({
  reason: 'tally-dlq-reason',
  message: 'tally-dlq-message',
  topic: 'tally-source-topic',
  partition: 'tally-source-partition',
  offset: 'tally-source-offset',
});

export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** app ids never contain ':', so `app:user` cannot collide */
export function messageKey(appId: string, userId: string): string {
  return `${appId}:${userId}`;
}

export function encodeEvent(topic: string, event: ValidatedEvent, traceHeaders: Readonly<Record<string, string>>): OutgoingMessage {
  return { topic, key: messageKey(event.appId, event.userId), value: event.row, headers: { ...traceHeaders, [SCHEMA_HEADER]: ROW_SCHEMA_V1 } };
}

/** why a message is neither stored nor dead-lettered */
export type SkipReason = 'tombstone';

export type Decoded =
  | { readonly ok: true; readonly event: ValidatedEvent }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string }
  | { readonly ok: false; readonly skip: SkipReason };

function fail(code: ErrorCode, ...args: Array<string | number>): Decoded {
  return { ok: false, code, message: formatMessage(code, args) };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ENGINE_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const DAY_MS = 86_400_000;
/** clock difference tolerated between an ingest node and a worker, beyond the validator's day */
const CLOCK_SKEW_MS = 5 * 60_000;
/** the last millisecond DateTime64(3) holds */
const MAX_TIME_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

/** undefined when the value may be stored in its column, else what is wrong with it */
type ColumnCheck = (value: unknown) => string | undefined;

function text(minLength: number, maxLength: number, printable = false): ColumnCheck {
  return (v) => {
    if (typeof v !== 'string') return 'must be a string';
    if (v.length < minLength || v.length > maxLength) return `must be ${minLength}-${maxLength} characters`;
    if (!v.isWellFormed()) return 'malformed unicode';
    return printable && CONTROL_RE.test(v) ? 'control characters' : undefined;
  };
}

const matching = (re: RegExp, what: string): ColumnCheck => (v) => (typeof v === 'string' && re.test(v) ? undefined : `must be ${what}`);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (v: string, from: number, to: number) => Number(v.slice(from, to));

/** epoch ms of engine time text ('YYYY-MM-DD hh:mm:ss.fff', UTC), NaN unless it is a real time in 1970-2299 */
function engineTimeMs(v: string): number {
  if (!ENGINE_TIME_RE.test(v)) return Number.NaN;
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 7);
  const day = digits(v, 8, 10);
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Date.UTC would roll 02-31 over to 03-03: check the fields first
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return Number.NaN;
  const hour = digits(v, 11, 13);
  const minute = digits(v, 14, 16);
  const second = digits(v, 17, 19);
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, digits(v, 20, 23));
  return ms < 0 || ms > MAX_TIME_MS ? Number.NaN : ms;
}

/** the times themselves are read once the row's shape is checked (see decodeRow) */
const engineTime: ColumnCheck = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const TIME_PROBLEM = "must be a real UTC time 'YYYY-MM-DD hh:mm:ss.fff' in 1970-2299";

const jsonObjectText: ColumnCheck = (v) => {
  if (typeof v !== 'string') return 'must be JSON object text';
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'must be JSON object text';
  } catch {
    return 'must be JSON object text';
  }
};

const CATEGORY_SET: ReadonlySet<unknown> = new Set(CATEGORIES);

/** Every column of an `events` row, in the order the validator writes them, with its check. */
const ROW_COLUMNS: ReadonlyArray<readonly [string, ColumnCheck]> = [
  ['event_id', matching(UUID_RE, 'a lowercase UUID')],
  ['app_id', matching(APP_ID_RE, 'an app id')],
  ['event_name', text(1, 200, true)],
  ['category', (v) => (CATEGORY_SET.has(v) ? undefined : `must be one of ${CATEGORIES.join(', ')}`)],
  ['user_id', text(1, 256, true)],
  ['anonymous_id', text(0, 256, true)],
  ['session_id', text(0, 256, true)],
  ['timestamp', engineTime],
  ['received_at', engineTime],
  ['properties', jsonObjectText],
  ['device', text(0, 256)],
  ['browser', text(0, 256)],
  ['os', text(0, 256)],
  ['country', text(0, 2)],
  ['ip_prefix', text(0, 256)],
  ['locale', text(0, 256)],
  ['app_version', text(0, 256)],
  ['library', text(0, 256)],
  ['page_url', text(0, 8192)],
  ['referrer', text(0, 8192)],
  ['user_agent', text(0, 2048)],
];
const ROW_COLUMN_NAMES: ReadonlySet<string> = new Set(ROW_COLUMNS.map(([name]) => name));

/**
 * A row produced by an ingest node (`tally.row.v1`). It is checked column by column as the
 * validator would have written it — every column present with its type and range, properties
 * JSON object text, times real and no later than the validator allows, no other column — so
 * nothing the engine would default or a reader could not parse is stored. `nowMs` is the
 * worker's receive time.
 */
export function decodeRow(text: string, nowMs = Date.now()): Decoded {
  // the batcher joins rows with line breaks
  if (text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'line break in the row');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'not a JSON object');
  const r = parsed as Record<string, unknown>;
  const names = Object.keys(r);
  if (names.length !== ROW_COLUMNS.length) {
    const unknown = names.find((name) => !ROW_COLUMN_NAMES.has(name));
    if (unknown !== undefined) return fail('TALLY_ERR_KAFKA_BAD_ROW', `unknown column ${JSON.stringify(unknown.slice(0, 64))}`);
  }
  for (const [name, check] of ROW_COLUMNS) {
    const value = r[name];
    // every column is present (and, with as many names as columns, none is unknown)
    if (value === undefined) return fail('TALLY_ERR_KAFKA_BAD_ROW', `missing column ${name}`);
    const problem = check(value);
    if (problem !== undefined) return fail('TALLY_ERR_KAFKA_BAD_ROW', `${name} ${problem}`);
  }
  const timestampMs = engineTimeMs(r.timestamp as string);
  if (Number.isNaN(timestampMs)) return fail('TALLY_ERR_KAFKA_BAD_ROW', `timestamp ${TIME_PROBLEM}`);
  const receivedAtMs = engineTimeMs(r.received_at as string);
  if (Number.isNaN(receivedAtMs)) return fail('TALLY_ERR_KAFKA_BAD_ROW', `received_at ${TIME_PROBLEM}`);
  if (receivedAtMs > nowMs + DAY_MS + CLOCK_SKEW_MS) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'received_at is in the future');
  // ingest refuses events more than a day ahead of their receipt
  if (timestampMs > receivedAtMs + DAY_MS + CLOCK_SKEW_MS) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'timestamp is more than a day after received_at');
  // the text is stored as it came: the engine refuses a row with a duplicated key (a value this
  // check did not see), and the worker dead-letters what the engine refuses
  return { ok: true, event: { eventId: r.event_id as string, appId: r.app_id as string, eventName: r.event_name as string, userId: r.user_id as string, timestampMs, row: text } };
}

export interface DecoderOptions {
  readonly validate: EventValidator;
  /** is the app registered? wire events and mapped rows of unknown apps are dead letters */
  readonly appExists: (appId: string) => boolean;
  readonly mappings: readonly TopicMapping[];
  /** the tracking-plan step, as in HTTP ingest (an `enforce` mismatch is a dead letter) */
  readonly checkSchema?: SchemaChecker;
  readonly now?: () => number;
}

export type SchemaChecker = (appId: string, eventName: string, properties: unknown) => { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export function createKafkaDecoder(options: DecoderOptions) {
  const { validate, appExists, checkSchema } = options;
  const now = options.now ?? Date.now;
  const mappings = new Map(options.mappings.map((m) => [m.topic, m]));

  function validated(raw: unknown, receivedAtMs: number): Decoded {
    const result = validate(raw, { receivedAtMs });
    if (!result.ok) return { ok: false, code: result.code, message: result.message };
    if (!appExists(result.event.appId)) return fail('TALLY_ERR_APP_UNKNOWN', result.event.appId);
    const schema = checkSchema?.(result.event.appId, result.event.eventName, (raw as { properties?: unknown }).properties);
    if (schema && !schema.ok) return { ok: false, code: schema.code, message: schema.message };
    return result;
  }

  function json(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  /** One message value → an event ready for the batcher, the reason it is a dead letter, or the reason it is skipped. */
  return function decode(topic: string, value: Buffer | undefined | null, schema: string | undefined, receivedAtMs = now()): Decoded {
    const mapping = mappings.get(topic);
    if (mapping && (value === null || value === undefined)) return { ok: false, skip: 'tombstone' };
    if (!value || value.length === 0) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'empty value');
    if (!isUtf8(value)) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not UTF-8');
    const text = value.toString('utf8');
    if (mapping) {
      const parsed = json(text);
      if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
      if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return fail('TALLY_ERR_EVENT_NOT_OBJECT');
      return validated(mapChangeRow(mapping, parsed.value as Record<string, unknown>), receivedAtMs);
    }
    if (schema === ROW_SCHEMA_V1) return decodeRow(text, receivedAtMs);
    if (schema !== undefined) return fail('TALLY_ERR_KAFKA_UNKNOWN_SCHEMA', schema.slice(0, 64));
    const parsed = json(text);
    if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
    return validated(parsed.value, receivedAtMs);
  };
}

export type KafkaDecoder = ReturnType<typeof createKafkaDecoder>;
