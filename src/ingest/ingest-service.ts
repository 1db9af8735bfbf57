// HTTP ingest (POST /v1/events, /v1/batch) and quarantine replay: each raw event goes through the
// ingest pipeline (pipeline/), per-event rejections are kept with their index and code, the rest
// are submitted to the sink and the request is answered with one receipt once they are committed.
// Events the store itself refuses come back from the batcher by index; they are rejected
// (TALLY_ERR_INGEST_UNSTORABLE) and quarantined like any other rejection, so nothing rejected is
// lost.

import type { ErrorCode } from '../errors.ts';
import type { CommitReceipt } from './batcher.ts';
import type { IngestPipeline, ValidatedEvent } from './pipeline/index.ts';
import type { QuarantineSink } from './quarantine.ts';

export interface RejectedEvent {
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface IngestReceipt {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly RejectedEvent[];
}

export interface IngestMetrics {
  onReceived(count: number): void;
  onRejected(code: ErrorCode): void;
}

/** Where accepted events go: the batcher (TALLY_INGEST=direct) or the Kafka sink (kafka); both
 * resolve only once the events are durable (stored, or acknowledged by the broker). */
export interface EventSink {
  submit(events: readonly ValidatedEvent[], meta?: { readonly traceparent?: string; readonly tracestate?: string; readonly reportUnstorable?: boolean }): Promise<CommitReceipt>;
}

export interface IngestServiceOptions {
  readonly batcher: EventSink;
  /** the one ingest pipeline (envelope, app, schema, scrub, enrich, row) */
  readonly pipeline: IngestPipeline;
  readonly metrics?: IngestMetrics;
  readonly now?: () => number;
  /** keeps every rejected event (dead letters); its write is awaited alongside the commit */
  readonly quarantine?: QuarantineSink;
}

export interface IngestCaller {
  /** the app a write key may ingest into; undefined = any (admin) */
  readonly allowedAppId?: string;
  /** the key that sent the events, recorded with quarantined ones */
  readonly keyId?: string;
  /** false for replays: their rejections update the existing quarantine rows instead */
  readonly quarantine?: boolean;
  /** the request's W3C trace context, carried to Kafka in message headers */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export function createIngestService(options: IngestServiceOptions) {
  const { batcher, pipeline, metrics, quarantine } = options;
  const now = options.now ?? Date.now;

  return {
    /** Runs the pipeline and commits; throws TallyError only for whole-request failures (overload, store down). */
    async ingest(rawEvents: readonly unknown[], caller: IngestCaller): Promise<IngestReceipt> {
      metrics?.onReceived(rawEvents.length);
      const receivedAtMs = now();
      const valid: ValidatedEvent[] = [];
      /** the raw index of each valid event */
      const validIndex: number[] = [];
      const rejected: RejectedEvent[] = [];
      const reject = (index: number, code: ErrorCode, message: string) => {
        rejected.push({ index, code, message });
        metrics?.onRejected(code);
      };
      // the users' profiles, loaded once for the whole request
      const base = { allowedAppId: caller.allowedAppId, receivedAtMs };
      const ctx = pipeline.prepare ? await pipeline.prepare(rawEvents, base) : base;
      for (let index = 0; index < rawEvents.length; index++) {
        const result = pipeline(rawEvents[index], ctx);
        if (!result.ok) reject(index, result.code, result.message);
        else {
          valid.push(result.event);
          validIndex.push(index);
        }
      }
      const keep = (list: readonly RejectedEvent[]) =>
        quarantine && caller.quarantine !== false && list.length > 0
          ? quarantine.add(list.map((r) => ({ raw: rawEvents[r.index], code: r.code, message: r.message, allowedAppId: caller.allowedAppId, keyId: caller.keyId, receivedAtMs })))
          : undefined;
      const quarantined = keep(rejected);
      const receipt = await batcher.submit(valid, { traceparent: caller.traceparent, tracestate: caller.tracestate, reportUnstorable: true });
      const unstored: RejectedEvent[] = [];
      for (const r of receipt.rejected ?? []) {
        unstored.push({ index: validIndex[r.index], code: r.code, message: r.message });
        metrics?.onRejected(r.code);
      }
      await Promise.all([quarantined, keep(unstored)]);
      const all = unstored.length > 0 ? [...rejected, ...unstored].sort((a, b) => a.index - b.index) : rejected;
      return { accepted: receipt.accepted, duplicates: receipt.duplicates, rejected: all };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
