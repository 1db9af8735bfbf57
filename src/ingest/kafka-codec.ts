// The Kafka message contract. An ingest node produces each accepted event as the row the ingest
// pipeline encoded (the `events` JSONEachRow line), keyed by app and user so one user's events keep
// their order, with a schema header and the request's traceparent. A worker decodes three kinds of
// messages:
//   - rows with the schema header (through the ingest node's pipeline already; read back by the
//     row format's own decoder, pipeline/encode-row.ts, which checks them column by column:
//     anyone who can write to the topic can write a row);
//   - plain wire events without it (seed 003's producers write `{app_id, event_name, user_id,
//     timestamp, properties}` straight to the topic), through the ingest pipeline like an HTTP event;
//   - change-capture rows on mapped topics (seed 000), mapped to wire events, then through the
//     pipeline;
//     a tombstone (null value, written after a delete for log compaction) carries no row and is
//     skipped.
// Decoding never throws: a bad message is a value with a reason code, bound for the dead-letter
// topic; a skipped one is a value with a reason that labels a metric.
// decode.prepare loads what the pipeline looks up (profiles) for a whole batch first, as HTTP
// ingest does.

import { isUtf8 } from 'node:buffer';
import type { TopicMapping } from '../config/index.ts';
import { formatMessage, type ErrorCode } from '../errors.ts';
import { mapChangeRow } from './kafka-mapping.ts';
import { decodeRow, ROW_SCHEMA, ROW_SCHEMAS, ROW_SCHEMA_V1, ROW_SCHEMA_V2, type IngestPipeline, type PersonSnapshot, type StepResult, type ValidatedEvent } from './pipeline/index.ts';

/** the header that names a message's row format (ROW_SCHEMA: the pipeline's row, pipeline/encode-row.ts; v1 rows are still read) */
export const SCHEMA_HEADER = 'tally-schema';
export { ROW_SCHEMA, ROW_SCHEMA_V1, ROW_SCHEMA_V2 };
export const DLQ_SUFFIX = '.dlq';
/**
 * On a change-capture row Tally's own capture produced: the event id it derived from the table and
 * the row's key, the same id direct capture stores, so a row is one event whichever way it came.
 * Any UUID is taken (whoever can write to the topic can write any event anyway).
 */
export const EVENT_ID_HEADER = 'tally-event-id';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
  return { topic, key: messageKey(event.appId, event.userId), value: event.row, headers: { ...traceHeaders, [SCHEMA_HEADER]: ROW_SCHEMA } };
}

/** why a message is neither stored nor dead-lettered */
export type SkipReason = 'tombstone';

/** the pipeline's result, or a message skipped */
export type Decoded = StepResult<ValidatedEvent> | { readonly ok: false; readonly skip: SkipReason };

function fail(code: ErrorCode, ...args: Array<string | number>): Decoded {
  return { ok: false, code, message: formatMessage(code, args) };
}

/** what a message brings besides its value: when it was received, its EVENT_ID_HEADER, the profiles its batch loaded (prepare) */
export interface DecodeOptions {
  readonly receivedAtMs?: number;
  readonly eventId?: string;
  readonly persons?: PersonSnapshot;
}

export interface DecoderOptions {
  /** the one ingest pipeline: plain wire events and mapped rows go through it like HTTP events */
  readonly pipeline: IngestPipeline;
  readonly mappings: readonly TopicMapping[];
  readonly now?: () => number;
}

export function createKafkaDecoder(options: DecoderOptions) {
  const { pipeline } = options;
  const now = options.now ?? Date.now;
  const mappings = new Map(options.mappings.map((m) => [m.topic, m]));

  function json(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  /** the wire event a plain or mapped message carries, before the pipeline; undefined for rows and bad messages */
  function wireEventOf(topic: string, value: Buffer | undefined | null, schema: string | undefined): unknown {
    if (!value || value.length === 0 || (!mappings.has(topic) && schema !== undefined)) return undefined;
    const parsed = json(value.toString('utf8'));
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return undefined;
    const mapping = mappings.get(topic);
    return mapping ? mapChangeRow(mapping, parsed.value as Record<string, unknown>) : parsed.value;
  }

  /**
   * Loads what the pipeline looks up (the users' profiles) for a batch's plain and mapped messages,
   * one query for the misses, as HTTP ingest does; rows (already enriched by the ingest node) need
   * nothing. Pass the answer to decode.
   */
  async function prepare(messages: ReadonlyArray<{ readonly topic: string; readonly value: Buffer | undefined | null; readonly schema: string | undefined }>, receivedAtMs = now()): Promise<PersonSnapshot | undefined> {
    if (!pipeline.prepare) return undefined;
    const events: unknown[] = [];
    for (const m of messages) {
      const event = wireEventOf(m.topic, m.value, m.schema);
      if (event !== undefined) events.push(event);
    }
    if (events.length === 0) return undefined;
    return (await pipeline.prepare(events, { receivedAtMs })).persons;
  }

  /** One message value → an event ready for the batcher, the reason it is a dead letter, or the reason it is skipped. */
  function decode(topic: string, value: Buffer | undefined | null, schema: string | undefined, options: DecodeOptions = {}): Decoded {
    const { receivedAtMs = now(), eventId, persons } = options;
    const mapping = mappings.get(topic);
    if (mapping && (value === null || value === undefined)) return { ok: false, skip: 'tombstone' };
    if (!value || value.length === 0) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'empty value');
    if (!isUtf8(value)) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not UTF-8');
    const text = value.toString('utf8');
    if (mapping) {
      const parsed = json(text);
      if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
      if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return fail('TALLY_ERR_EVENT_NOT_OBJECT');
      const event = mapChangeRow(mapping, parsed.value as Record<string, unknown>);
      if (eventId !== undefined && UUID_RE.test(eventId)) event.event_id = eventId;
      return pipeline(event, { receivedAtMs, persons });
    }
    if (schema !== undefined && ROW_SCHEMAS.has(schema)) return decodeRow(text, receivedAtMs, schema);
    if (schema !== undefined) return fail('TALLY_ERR_KAFKA_UNKNOWN_SCHEMA', schema.slice(0, 64));
    const parsed = json(text);
    if (!parsed.ok) return fail('TALLY_ERR_KAFKA_UNDECODABLE', 'the value is not JSON');
    return pipeline(parsed.value, { receivedAtMs, persons });
  }

  return Object.assign(decode, { prepare });
}

export type KafkaDecoder = ReturnType<typeof createKafkaDecoder>;
