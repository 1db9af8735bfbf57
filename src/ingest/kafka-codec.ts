// The Kafka message contract. An ingest node produces each accepted event as its validated row
// (the `events` JSONEachRow line), keyed by app and user so one user's events keep their order,
// with a schema header and the request's traceparent. A worker decodes three kinds of messages:
//   - rows with the schema header (already validated and enriched by the ingest node);
//   - plain wire events without it (seed 003's producers write `{app_id, event_name, user_id,
//     timestamp, properties}` straight to the topic), validated here like an HTTP event;
//   - change-capture rows on mapped topics (seed 000), mapped to wire events, then validated.
// Decoding never throws: a bad message is a value with a reason code, bound for the dead-letter topic.

import { isUtf8 } from 'node:buffer';
import type { TopicMapping } from '../config/index.ts';
import type { EventValidator, ValidatedEvent } from '../event/index.ts';
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

export type Decoded = { readonly ok: true; readonly event: ValidatedEvent } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

function fail(code: ErrorCode, ...args: Array<string | number>): Decoded {
  return { ok: false, code, message: formatMessage(code, args) };
}

// The validator writes the row's first columns in this order; the fast path reads them without
// parsing the whole row (the engine parses it on insert). Any other form takes the slow path.
const STR = '"((?:[^"\\\\\\n]|\\\\.)*)"';
const SKIP = '"(?:[^"\\\\\\n]|\\\\.)*"';
const ROW_PREFIX_RE = new RegExp(
  '^\\{"event_id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})","app_id":"([a-z0-9][a-z0-9_-]{0,63})","event_name":' +
    STR + ',"category":' + SKIP + ',"user_id":' + STR + ',"anonymous_id":' + SKIP + ',"session_id":' + SKIP +
    ',"timestamp":"(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})",',
);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ENGINE_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;

function unescapeJson(s: string): string {
  return s.includes('\\') ? (JSON.parse(`"${s}"`) as string) : s;
}

function engineTimeMs(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** A row produced by an ingest node: `{ event_id, app_id, event_name, user_id, timestamp, ... }`. */
export function decodeRow(text: string): Decoded {
  if (text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'line break in the row');
  const m = ROW_PREFIX_RE.exec(text);
  if (m && text.charCodeAt(text.length - 1) === 0x7d /* } */) {
    const timestampMs = Date.UTC(+m[5], +m[6] - 1, +m[7], +m[8], +m[9], +m[10], +m[11]);
    if (!Number.isNaN(timestampMs)) {
      return { ok: true, event: { eventId: m[1], appId: m[2], eventName: unescapeJson(m[3]), userId: unescapeJson(m[4]), timestampMs, row: text } };
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'not a JSON object');
  const r = parsed as Record<string, unknown>;
  if (typeof r.event_id !== 'string' || !UUID_RE.test(r.event_id)) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'event_id must be a lowercase UUID');
  if (typeof r.app_id !== 'string' || !APP_ID_RE.test(r.app_id)) return fail('TALLY_ERR_KAFKA_BAD_ROW', 'bad app_id');
  if (typeof r.event_name !== 'string' || r.event_name === '') return fail('TALLY_ERR_KAFKA_BAD_ROW', 'bad event_name');
  if (typeof r.user_id !== 'string' || r.user_id === '') return fail('TALLY_ERR_KAFKA_BAD_ROW', 'bad user_id');
  if (typeof r.timestamp !== 'string' || !ENGINE_TIME_RE.test(r.timestamp) || Number.isNaN(engineTimeMs(r.timestamp))) {
    return fail('TALLY_ERR_KAFKA_BAD_ROW', "timestamp must be 'YYYY-MM-DD hh:mm:ss.fff' (UTC)");
  }
  return { ok: true, event: { eventId: r.event_id, appId: r.app_id, eventName: r.event_name, userId: r.user_id, timestampMs: engineTimeMs(r.timestamp), row: JSON.stringify(r) } };
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

  /** One message value → an event ready for the batcher, or the reason it is a dead letter. */
  return function decode(topic: string, value: Buffer | undefined | null, schema: string | undefined, receivedAtMs = now()): Decoded {
    if (!value || value.length === 0) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'empty value');
    if (!isUtf8(value)) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not UTF-8');
    const text = value.toString('utf8');
    const mapping = mappings.get(topic);
    if (mapping) {
      const parsed = json(text);
      if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
      if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return fail('TALLY_ERR_EVENT_NOT_OBJECT');
      return validated(mapChangeRow(mapping, parsed.value as Record<string, unknown>), receivedAtMs);
    }
    if (schema === ROW_SCHEMA_V1) return decodeRow(text);
    if (schema !== undefined) return fail('TALLY_ERR_KAFKA_UNKNOWN_SCHEMA', schema.slice(0, 64));
    const parsed = json(text);
    if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
    return validated(parsed.value, receivedAtMs);
  };
}

export type KafkaDecoder = ReturnType<typeof createKafkaDecoder>;
