// The Kafka sink: what HTTP ingest submits to when TALLY_INGEST=kafka, in place of the batcher and
// with the same `submit(events) → receipt` shape. Requests arriving within `lingerMs` (or while
// `concurrency` produce calls are running) share one produce call of at most `maxRequestBytes`; a
// request is answered only after the broker acknowledged all its events with acks=all. Events are
// keyed by app and user, so a user's events go to one partition in the order they were produced
// (with concurrency > 1, a failed call re-sent by its client may land after a later one). Events
// queued or being produced are bounded: beyond the bound, submissions are refused (503 + Retry-After).
//
// Receipt: `accepted` = events acknowledged by the broker; `duplicates` is always 0, because
// whether an id was already stored is only known when a worker deduplicates it (DESIGN: replays
// never change a count — the worker drops them).

import { ProduceAcks, type Producer } from '@platformatic/kafka';
import type { ValidatedEvent } from './pipeline/index.ts';
import { TallyError } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import type { ProduceTrace, Tracing } from '../observability/tracing.ts';
import type { CommitReceipt } from './batcher.ts';
import { encodeEvent, type OutgoingMessage } from './kafka-codec.ts';

export interface SubmitMeta {
  /** the HTTP request's W3C trace context */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface KafkaSinkMetrics {
  onProduced(events: number, seconds: number): void;
  onProduceError(): void;
  onInFlight(events: number): void;
  onRefused(): void;
}

/** the one producer call the sink makes (values are rows; dead letters reuse the type with raw bytes) */
export type SinkProducer = Pick<Producer<string, string | Buffer, string, string>, 'send'>;

export interface KafkaSinkOptions {
  readonly producer: SinkProducer;
  readonly topic: string;
  /** wait this long for more submissions to share a produce call (default 2 ms) */
  readonly lingerMs: number;
  /** refuse submissions beyond this many events queued or being produced */
  readonly maxInFlightEvents: number;
  /** answer 503 when the broker has not acknowledged a produce call within this long */
  readonly produceTimeoutMs: number;
  /** produce calls running at once (default 1). With more, a user's events keep their order
   * unless a call fails and its events are re-sent after a later call succeeded */
  readonly concurrency?: number;
  /** most bytes of values in one produce request; the broker refuses record batches over 1 MiB (default 768 KiB) */
  readonly maxRequestBytes?: number;
  readonly tracing?: Tracing;
  readonly metrics?: KafkaSinkMetrics;
  readonly logger?: Logger;
}

interface Submission {
  readonly messages: readonly OutgoingMessage[];
  readonly bytes: number;
  readonly trace: ProduceTrace | undefined;
  resolve(receipt: CommitReceipt): void;
  reject(err: unknown): void;
}

export function createKafkaSink(options: KafkaSinkOptions) {
  const { producer, topic, lingerMs, maxInFlightEvents, produceTimeoutMs, tracing, metrics, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxRequestBytes = options.maxRequestBytes ?? 768 * 1024;
  const queue: Submission[] = [];
  let queuedBytes = 0;
  let inFlightEvents = 0;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  const idle: Array<() => void> = [];

  async function produce(messages: OutgoingMessage[]): Promise<void> {
    let deadline: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`no acknowledgement within ${produceTimeoutMs} ms`)), produceTimeoutMs);
    });
    try {
      await Promise.race([producer.send({ messages: messages as never, acks: ProduceAcks.ALL }), timeout]);
    } finally {
      clearTimeout(deadline);
    }
  }

  async function sendOnce(): Promise<void> {
    const taken: Submission[] = [];
    let bytes = 0;
    while (queue.length > 0 && (taken.length === 0 || bytes + queue[0].bytes <= maxRequestBytes)) {
      const s = queue.shift() as Submission;
      bytes += s.bytes;
      queuedBytes -= s.bytes;
      taken.push(s);
    }
    const events = taken.reduce((n, s) => n + s.messages.length, 0);
    const started = performance.now();
    try {
      let chunk: OutgoingMessage[] = [];
      let chunkBytes = 0;
      for (const s of taken) {
        for (const m of s.messages) {
          const size = m.value.length + m.key.length + 64;
          if (chunk.length > 0 && chunkBytes + size > maxRequestBytes) {
            await produce(chunk);
            chunk = [];
            chunkBytes = 0;
          }
          chunk.push(m);
          chunkBytes += size;
        }
      }
      if (chunk.length > 0) await produce(chunk);
      metrics?.onProduced(events, (performance.now() - started) / 1000);
      for (const s of taken) {
        s.trace?.end();
        s.resolve({ accepted: s.messages.length, duplicates: 0 });
      }
    } catch (err) {
      metrics?.onProduceError();
      logger?.error({ err, events }, 'produce to Kafka failed; submissions answered 503');
      const failure = new TallyError('TALLY_ERR_KAFKA_UNAVAILABLE', [], { cause: err, retryAfterSeconds: 1 });
      for (const s of taken) {
        s.trace?.end(err);
        s.reject(failure);
      }
    } finally {
      inFlightEvents -= events;
      metrics?.onInFlight(inFlightEvents);
    }
  }

  function startSend(): void {
    active++;
    void sendOnce().finally(() => {
      active--;
      schedule(true);
    });
  }

  /** Sends when the linger time is up, enough bytes wait, or a send just finished; at most `concurrency` at a time. */
  function schedule(now = false): void {
    if (queue.length === 0) {
      if (active === 0) for (const fn of idle.splice(0)) fn();
      return;
    }
    let due = now || closing || lingerMs === 0 || queuedBytes >= maxRequestBytes;
    while (queue.length > 0 && active < concurrency && due) {
      startSend(); // takes what is queued, synchronously
      due = queuedBytes >= maxRequestBytes;
    }
    if (queue.length > 0 && active < concurrency && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule(true);
      }, lingerMs);
    } else if (queue.length === 0 && timer) {
      clearTimeout(timer);
      timer = undefined;
    }
  }

  return {
    /** Produces the events; resolves once the broker acknowledged every one of them (acks=all). */
    submit(events: readonly ValidatedEvent[], meta: SubmitMeta = {}): Promise<CommitReceipt> {
      if (closing) return Promise.reject(new TallyError('TALLY_ERR_INGEST_SHUTTING_DOWN', [], { retryAfterSeconds: 1 }));
      if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      if (inFlightEvents + events.length > maxInFlightEvents) {
        metrics?.onRefused();
        return Promise.reject(new TallyError('TALLY_ERR_INGEST_OVERLOADED', [1], { retryAfterSeconds: 1 }));
      }
      const trace = tracing?.startProduce(meta.traceparent, meta.tracestate, topic, events.length);
      const headers = trace?.headers ?? {};
      const messages = events.map((e) => encodeEvent(topic, e, headers));
      let bytes = 0;
      for (const m of messages) bytes += m.value.length + m.key.length + 64;
      inFlightEvents += events.length;
      metrics?.onInFlight(inFlightEvents);
      return new Promise<CommitReceipt>((resolve, reject) => {
        queue.push({ messages, bytes, trace, resolve, reject });
        queuedBytes += bytes;
        schedule();
      });
    },

    stats(): { inFlightEvents: number; queuedBytes: number } {
      return { inFlightEvents, queuedBytes };
    },

    /** Refuses new submissions and resolves once everything queued was produced (or failed). */
    async close(): Promise<void> {
      closing = true;
      if (queue.length === 0 && active === 0) return;
      await new Promise<void>((resolve) => {
        idle.push(resolve);
        schedule();
      });
    },
  };
}

export type KafkaSink = ReturnType<typeof createKafkaSink>;
