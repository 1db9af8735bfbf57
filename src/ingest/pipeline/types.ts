// What flows through the ingest pipeline: one result type for every step (an event, or a coded
// rejection), the context of one arrival, and the event as each step hands it on. A step never
// throws for bad input; exceptions are for bugs.

import { formatMessage, type ErrorCode } from '../../errors.ts';
import type { PersonSnapshot } from './enrich-person.ts';

export interface Rejection {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** the outcome of a step, and of the whole pipeline */
export type StepResult<T> = { readonly ok: true; readonly event: T } | Rejection;

/** a rejection with the registry's message; what was sent is quoted, so keep it storable (quarantine) */
export function reject(code: ErrorCode, ...args: Array<string | number>): Rejection {
  return { ok: false, code, message: formatMessage(code, args).toWellFormed() };
}

export function ok<T>(event: T): StepResult<T> {
  return { ok: true, event };
}

/** one arrival, as its source knows it */
export interface IngestContext {
  /** the app the caller may write to; undefined = any (admin, Kafka, change capture) */
  readonly allowedAppId?: string;
  /** server receive time, epoch ms */
  readonly receivedAtMs: number;
  /** the profiles of this arrival's users, loaded by pipeline.prepare (enrich-person.ts) */
  readonly persons?: PersonSnapshot;
}

/** the context strings the row keeps, cut to their column sizes ('' when not sent) */
export interface EventContext {
  readonly userAgent: string;
  readonly deviceType: string;
  readonly country: string;
  readonly ip: string;
  readonly locale: string;
  readonly appVersion: string;
  readonly library: string;
  readonly pageUrl: string;
  readonly referrer: string;
}

/** a wire event whose envelope passed: fields checked and normalised, id kept or derived */
export interface Envelope {
  readonly eventId: string;
  readonly appId: string;
  readonly eventName: string;
  /** the person: user_id, or anonymous_id when there is none */
  readonly userId: string;
  readonly anonymousId: string;
  readonly sessionId: string;
  readonly timestampMs: number;
  /** the timestamp in the engine's text form */
  readonly timestamp: string;
  /** as sent until the scrub step, then as stored */
  readonly properties: Record<string, unknown>;
  /** JSON text of `properties` */
  readonly propertiesJson: string;
  readonly context: EventContext;
  /** what the event is about (seed 004), '' when not sent */
  readonly entityType: string;
  readonly entityId: string;
  /** `metadata` as sent until the scrub step, then as stored ({} when not sent) */
  readonly metadata: Record<string, unknown>;
  /** JSON object text of `metadata` ('{}' when not sent) */
  readonly metadataJson: string;
  /** where the event was emitted ('' when not sent) */
  readonly source: string;
}

/** an envelope with its category (which decides retention) */
export interface CategorizedEvent extends Envelope {
  readonly category: string;
}

/** An accepted event, ready for the batcher or the Kafka sink. */
export interface ValidatedEvent {
  readonly eventId: string;
  readonly appId: string;
  readonly eventName: string;
  readonly userId: string;
  readonly timestampMs: number;
  /** one JSONEachRow line for the `events` table, without the newline (encode-row.ts) */
  readonly row: string;
}

/** a categorized event with what the server adds: receive time, device, anonymised network */
export interface EnrichedEvent extends CategorizedEvent {
  /** the receive time in the engine's text form */
  readonly receivedAt: string;
  /** device_type as sent, else the kind the user agent names */
  readonly device: string;
  readonly browser: string;
  readonly os: string;
  /** the country code as sent, upper-case */
  readonly country: string;
  /** IPv4 /24 or IPv6 /48; the full IP is never stored */
  readonly ipPrefix: string;
  /** the user agent to store: '' unless the install keeps it */
  readonly storedUserAgent: string;
  /** the IP's region and city (geo step), '' when unknown */
  readonly region: string;
  readonly city: string;
  /** the user's profile at the event's time (person step): role trait, days since created_at; '' / null when unknown */
  readonly userRole: string;
  readonly userTenureDays: number | null;
}
