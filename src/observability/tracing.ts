// Tracing through the event log with the OpenTelemetry API only. An HTTP request's W3C
// `traceparent` travels with each of its events in a Kafka header; the worker's span for the batch
// links to every trace it carried. Without an SDK registered (the default: no exporter is bundled),
// the API's no-op tracer still hands the caller's span context on, so the header is produced and
// parsed either way. With OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT set, tracing-sdk.ts registers the SDK
// at startup and the spans are recorded and exported over OTLP/HTTP.

import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, createTraceState, isSpanContextValid, propagation, trace, type Link, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

const TRACEPARENT_RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** The span context of a W3C traceparent header, or undefined when absent or malformed. */
export function parseTraceparent(value: unknown, tracestate?: unknown): SpanContext | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  const m = TRACEPARENT_RE.exec(value.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  const traceState = typeof tracestate === 'string' && tracestate.length > 0 && tracestate.length <= 512 ? createTraceState(tracestate) : undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true, ...(traceState ? { traceState } : {}) };
}

export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

export interface ProduceTrace {
  /** headers to put on every message of the request (traceparent, and tracestate when known) */
  readonly headers: Readonly<Record<string, string>>;
  end(error?: unknown): void;
}

export interface ConsumeTrace {
  /** a CLIENT span for the batch's insert into the store, child of the consume span */
  startStore(rows: number): { end(error?: unknown): void };
  end(error?: unknown): void;
}

/** most links one consume span records (a batch may carry thousands of requests) */
const MAX_LINKS = 128;

export function createTracing(tracer: Tracer = trace.getTracer('tally')) {
  return {
    /** The producing side of one HTTP request: a PRODUCER span, child of the request's traceparent. */
    startProduce(traceparent: string | undefined, tracestate: string | undefined, topic: string, events: number): ProduceTrace {
      const parent = parseTraceparent(traceparent, tracestate);
      const parentContext = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : context.active();
      const span = tracer.startSpan(
        `${topic} publish`,
        { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.batch.message_count': events } },
        parentContext,
      );
      const headers: Record<string, string> = {};
      // a registered propagator (SDK) writes the headers; otherwise the W3C form is written here
      propagation.inject(trace.setSpan(parentContext, span), headers);
      if (headers[TRACEPARENT_HEADER] === undefined) {
        const sc = span.spanContext();
        if (isSpanContextValid(sc)) headers[TRACEPARENT_HEADER] = formatTraceparent(sc);
        if (parent?.traceState) headers[TRACESTATE_HEADER] = parent.traceState.serialize();
      }
      return { headers, end: (error?: unknown) => finish(span, error) };
    },

    /** The consuming side of one batch: a CONSUMER span linked to each distinct producer trace. */
    startConsume(topic: string, traceparents: Iterable<string>, messages: number): ConsumeTrace {
      const links: Link[] = [];
      const seen = new Set<string>();
      for (const tp of traceparents) {
        if (links.length >= MAX_LINKS) break;
        if (seen.has(tp)) continue;
        seen.add(tp);
        const sc = parseTraceparent(tp);
        if (sc) links.push({ context: sc });
      }
      const span = tracer.startSpan(
        `${topic} process`,
        { kind: SpanKind.CONSUMER, links, attributes: { 'messaging.system': 'kafka', 'messaging.source.name': topic, 'messaging.batch.message_count': messages } },
        ROOT_CONTEXT,
      );
      return {
        startStore(rows: number) {
          const child = tracer.startSpan('events insert', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'clickhouse', 'db.operation.name': 'INSERT', 'db.collection.name': 'events', 'db.operation.batch.size': rows } }, trace.setSpan(ROOT_CONTEXT, span));
          return { end: (error?: unknown) => finish(child, error) };
        },
        end: (error?: unknown) => finish(span, error),
      };
    },
  };
}

function finish(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

export type Tracing = ReturnType<typeof createTracing>;
