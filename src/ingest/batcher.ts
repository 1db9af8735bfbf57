// Group commit. Many requests share one insert: submissions queue up, and one flush at a time
// deduplicates them (within the flush and against ids already stored), inserts the new rows and
// then answers every submission in it. It never acknowledges before the insert returns, and the
// queue is bounded in events and bytes: a full queue refuses work instead of growing.

import type { ValidatedEvent } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { TallyError } from '../errors.ts';
import type { Logger } from '../observability/index.ts';

export interface CommitReceipt {
  /** newly stored events */
  readonly accepted: number;
  /** events whose id was already stored (or sent twice in this flush) */
  readonly duplicates: number;
}

export interface BatcherMetrics {
  onFlush(rows: number, seconds: number): void;
  onCommitted(inserted: number, duplicates: number, lagSeconds: readonly number[]): void;
  onError(stage: string): void;
  onQueue(events: number, bytes: number): void;
}

export interface BatcherOptions {
  readonly store: StoreConnection;
  /** flush as soon as this many events are queued (default 20000) */
  readonly batchSize: number;
  /** flush at the latest this long after the oldest queued submission (default 100 ms) */
  readonly flushIntervalMs: number;
  /** refuse submissions beyond this many queued events */
  readonly queueMaxEvents: number;
  /** refuse submissions beyond this many queued bytes of encoded rows */
  readonly queueMaxBytes: number;
  /** most rows in one insert (default max(batchSize, 50000)) */
  readonly maxInsertRows?: number;
  /**
   * with the store idle, flush as soon as this many events are queued instead of waiting for the
   * interval (default min(batchSize, 2000) events). Under load inserts then run back to back, each
   * taking what arrived during the previous one (group commit); light traffic still waits for the
   * interval, so inserts stay few and large
   */
  readonly pipelineMinEvents?: number;
  readonly table?: string;
  readonly metrics?: BatcherMetrics;
  readonly logger?: Logger;
  readonly now?: () => number;
}

interface Submission {
  readonly events: readonly ValidatedEvent[];
  readonly bytes: number;
  readonly enqueuedAtMs: number;
  resolve(receipt: CommitReceipt): void;
  reject(err: unknown): void;
}

/** ids are checked against the store in chunks of this many */
const LOOKUP_CHUNK = 20_000;

export function createBatcher(options: BatcherOptions) {
  const { store, batchSize, flushIntervalMs, queueMaxEvents, queueMaxBytes, metrics, logger } = options;
  const table = options.table ?? 'events';
  const maxInsertRows = options.maxInsertRows ?? Math.max(batchSize, 50_000);
  const pipelineMinEvents = options.pipelineMinEvents ?? Math.min(batchSize, 2000);
  const now = options.now ?? Date.now;

  const queue: Submission[] = [];
  let queuedEvents = 0;
  let queuedBytes = 0;
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  const idle: Array<() => void> = [];

  function reportQueue() {
    metrics?.onQueue(queuedEvents, queuedBytes);
  }

  async function storedIds(events: readonly ValidatedEvent[]): Promise<Set<string>> {
    const found = new Set<string>();
    const ids = [...new Set(events.map((e) => e.eventId))];
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const rows = await store.query<{ app_id: string; event_id: string }>(
        `SELECT app_id, event_id FROM ${table} WHERE event_id IN {ids:Array(UUID)}`,
        { ids: chunk },
      );
      for (const r of rows) found.add(`${r.app_id}\u0000${r.event_id}`);
    }
    return found;
  }

  function take(): Submission[] {
    const taken: Submission[] = [];
    let rows = 0;
    while (queue.length > 0 && (taken.length === 0 || rows + queue[0].events.length <= maxInsertRows)) {
      const s = queue.shift() as Submission;
      rows += s.events.length;
      queuedEvents -= s.events.length;
      queuedBytes -= s.bytes;
      taken.push(s);
    }
    reportQueue();
    return taken;
  }

  async function flushOnce(): Promise<void> {
    const taken = take();
    if (taken.length === 0) return;
    const all = taken.flatMap((s) => s.events);
    const started = performance.now();
    try {
      const existing = await storedIds(all);
      const seen = new Set<string>();
      const receipts = taken.map(() => ({ accepted: 0, duplicates: 0 }));
      const lines: string[] = [];
      taken.forEach((s, i) => {
        for (const e of s.events) {
          const key = `${e.appId}\u0000${e.eventId}`;
          if (existing.has(key) || seen.has(key)) {
            receipts[i].duplicates++;
          } else {
            seen.add(key);
            receipts[i].accepted++;
            lines.push(e.row);
          }
        }
      });
      if (lines.length > 0) {
        lines.push('');
        await store.insertJsonEachRow(table, Buffer.from(lines.join('\n')));
      }
      const seconds = (performance.now() - started) / 1000;
      const committedAt = now();
      metrics?.onFlush(all.length, seconds);
      const inserted = lines.length > 0 ? lines.length - 1 : 0;
      metrics?.onCommitted(inserted, all.length - inserted, taken.map((s) => (committedAt - s.enqueuedAtMs) / 1000));
      taken.forEach((s, i) => {
        s.resolve(receipts[i]);
      });
    } catch (err) {
      metrics?.onError('store_insert');
      logger?.error({ err, events: all.length }, 'batch insert failed; submissions answered 503');
      const failure = new TallyError('TALLY_ERR_STORE_UNAVAILABLE', [], { cause: err, retryAfterSeconds: 1 });
      for (const s of taken) s.reject(failure);
    }
  }

  function schedule() {
    if (flushing || queue.length === 0) {
      if (!flushing && queue.length === 0) for (const fn of idle.splice(0)) fn();
      return;
    }
    const waitedMs = now() - queue[0].enqueuedAtMs;
    if (closing || queuedEvents >= batchSize || waitedMs >= flushIntervalMs || queuedEvents >= pipelineMinEvents) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      flushing = flushOnce().finally(() => {
        flushing = undefined;
        schedule();
      });
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule();
      }, flushIntervalMs - waitedMs);
    }
  }

  return {
    /** Queues events and resolves once they are committed (or found already stored). */
    submit(events: readonly ValidatedEvent[]): Promise<CommitReceipt> {
      if (closing) return Promise.reject(new TallyError('TALLY_ERR_INGEST_SHUTTING_DOWN', [], { retryAfterSeconds: 1 }));
      if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      let bytes = 0;
      for (const e of events) bytes += e.row.length + 1;
      if (queuedEvents + events.length > queueMaxEvents || queuedBytes + bytes > queueMaxBytes) {
        metrics?.onError('queue_full');
        const retryAfterSeconds = Math.max(1, Math.ceil((flushIntervalMs * 2) / 1000));
        return Promise.reject(new TallyError('TALLY_ERR_INGEST_OVERLOADED', [retryAfterSeconds], { retryAfterSeconds }));
      }
      return new Promise<CommitReceipt>((resolve, reject) => {
        queue.push({ events, bytes, enqueuedAtMs: now(), resolve, reject });
        queuedEvents += events.length;
        queuedBytes += bytes;
        reportQueue();
        schedule();
      });
    },

    stats(): { queuedEvents: number; queuedBytes: number; flushing: boolean } {
      return { queuedEvents, queuedBytes, flushing: flushing !== undefined };
    },

    /** Resolves when everything queued so far has been flushed. */
    drain(): Promise<void> {
      if (!flushing && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idle.push(resolve);
        schedule();
      });
    },

    /** Refuses new work, flushes everything queued, then resolves. */
    async close(): Promise<void> {
      closing = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule();
      while (flushing || queue.length > 0) {
        await (flushing ?? Promise.resolve());
        schedule();
      }
    },
  };
}

export type Batcher = ReturnType<typeof createBatcher>;
