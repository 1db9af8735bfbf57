// Group commit. Many requests share one insert: submissions queue up, and one flush at a time
// deduplicates them (within the flush and against ids already stored), inserts the new rows and
// then answers every submission in it. Under load the next flush's lookup of stored ids runs while
// this flush inserts (on another engine session): it cannot see the rows being inserted, so those
// ids are added to its answer once the insert has committed (and only the ones that committed). It never acknowledges before the insert returns, and the
// queue is bounded in events and bytes: a full queue refuses work instead of growing. One
// submission's malformed row never fails the others: when the engine refuses the shared insert on
// its data, the rows it refuses are isolated (store-refusal.ts), the rest are committed, and only
// the submissions that sent a refused row hear about it.

import type { ValidatedEvent } from './pipeline/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { TallyError, formatMessage, type ErrorCode } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import { isDataRefusal, isolateRefused, type Refused } from './store-refusal.ts';
import { eventKey, storedEventKeys } from './stored-ids.ts';

/** An event the store refused on its content, by its index in the submission. */
export interface UnstoredEvent {
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface CommitReceipt {
  /** newly stored events */
  readonly accepted: number;
  /** events whose id was already stored (or sent twice in this flush) */
  readonly duplicates: number;
  /** events the store refused (only with `reportUnstorable`, and only when there are some) */
  readonly rejected?: readonly UnstoredEvent[];
}

export interface SubmitOptions {
  /**
   * true: events the store refuses on their content come back in the receipt's `rejected` and the
   * rest of the submission is committed. false (default): such a submission fails with
   * TALLY_ERR_INGEST_UNSTORABLE, its cause the engine's error, for callers that isolate rows
   * themselves (the Kafka worker)
   */
  readonly reportUnstorable?: boolean;
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
  /** the apps whose rows a flush committed, told before any submission in it is answered */
  readonly onStored?: (appIds: ReadonlySet<string>) => void;
  readonly metrics?: BatcherMetrics;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** submissions taken for one flush, and the lookup of which of their ids are stored */
interface Batch {
  readonly taken: Submission[];
  readonly all: ValidatedEvent[];
  readonly existing: Promise<Set<string>>;
  /** `app\0id` keys the flush running during the lookup committed (filled when it ends) */
  readonly committedMeanwhile: Set<string>;
}

interface Submission {
  readonly events: readonly ValidatedEvent[];
  readonly bytes: number;
  readonly enqueuedAtMs: number;
  readonly reportUnstorable: boolean;
  resolve(receipt: CommitReceipt): void;
  reject(err: unknown): void;
}

/** One row to insert and who sent it: the first sender stores it, later ones see a duplicate. */
interface PendingRow {
  readonly event: ValidatedEvent;
  readonly senders: Array<{ readonly submission: number; readonly index: number }>;
}

/** the batcher's limits as configured (BATCH_SIZE, FLUSH_INTERVAL_MS, TALLY_QUEUE_MAX_*), for every process that ingests */
export function batcherLimits(c: { readonly batchSize: number; readonly flushIntervalMs: number; readonly queueMaxEvents: number; readonly queueMaxBytes: number }) {
  return { batchSize: c.batchSize, flushIntervalMs: c.flushIntervalMs, queueMaxEvents: c.queueMaxEvents, queueMaxBytes: c.queueMaxBytes };
}

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
  /** the next flush, taken from the queue with its lookup under way while the current flush inserts */
  let next: Batch | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  const idle: Array<() => void> = [];

  function reportQueue() {
    metrics?.onQueue(queuedEvents, queuedBytes);
  }

  function storedIds(events: readonly ValidatedEvent[]): Promise<Set<string>> {
    return storedEventKeys(store, table, events.map((e) => e.eventId));
  }

  /** the next insert's submissions, out of the queue; they count against its bounds until their flush starts (release) */
  function take(): Submission[] {
    const taken: Submission[] = [];
    let rows = 0;
    while (queue.length > 0 && (taken.length === 0 || rows + queue[0].events.length <= maxInsertRows)) {
      const s = queue.shift() as Submission;
      rows += s.events.length;
      taken.push(s);
    }
    return taken;
  }

  function release(taken: readonly Submission[]) {
    for (const s of taken) {
      queuedEvents -= s.events.length;
      queuedBytes -= s.bytes;
    }
    reportQueue();
  }

  async function insertRows(rows: readonly PendingRow[]): Promise<void> {
    await store.insertJsonEachRow(table, Buffer.from(rows.map((r) => r.event.row).join('\n') + '\n'));
  }

  /** Inserts the rows; resolves with those the engine refused on their content (none, usually). */
  async function storeRows(rows: readonly PendingRow[]): Promise<Array<Refused<PendingRow>>> {
    if (rows.length === 0) return [];
    try {
      await insertRows(rows);
      return [];
    } catch (err) {
      if (!isDataRefusal(err)) throw err;
      logger?.warn({ err, rows: rows.length }, 'the store refused a shared insert on its data; isolating the refused rows');
      const refused = await isolateRefused(rows, insertRows, err);
      for (const { item, error } of refused) {
        metrics?.onError('store_refused_row');
        logger?.warn({ err: error, appId: item.event.appId, eventId: item.event.eventId }, 'the store refused an event; it is rejected as unstorable');
      }
      return refused;
    }
  }

  function startBatch(taken: Submission[]): Batch {
    const all = taken.flatMap((s) => s.events);
    const existing = storedIds(all);
    existing.catch(() => {}); // awaited by its flush; marked handled in case that flush fails first
    return { taken, all, existing, committedMeanwhile: new Set() };
  }

  async function flushOnce(): Promise<void> {
    const batch = next ?? (queue.length > 0 ? startBatch(take()) : undefined);
    next = undefined;
    if (!batch) return;
    const { taken, all } = batch;
    release(taken);
    const started = performance.now();
    let following: Batch | undefined;
    try {
      const existing = await batch.existing;
      for (const key of batch.committedMeanwhile) existing.add(key);
      const receipts = taken.map(() => ({ accepted: 0, duplicates: 0, rejected: [] as UnstoredEvent[] }));
      const pending = new Map<string, PendingRow>();
      taken.forEach((s, submission) => {
        s.events.forEach((e, index) => {
          const key = eventKey(e.appId, e.eventId);
          const row = pending.get(key);
          if (existing.has(key)) receipts[submission].duplicates++;
          else if (row) row.senders.push({ submission, index });
          else pending.set(key, { event: e, senders: [{ submission, index }] });
        });
      });
      const rows = [...pending.values()];
      // under load, the next flush looks up its ids while these rows are inserted
      if (queue.length > 0 && (queuedEvents >= pipelineMinEvents || closing)) following = next = startBatch(take());
      const refused = await storeRows(rows);
      const refusedRows = new Set(refused.map((r) => r.item));
      if (following) for (const row of rows) if (!refusedRows.has(row)) following.committedMeanwhile.add(eventKey(row.event.appId, row.event.eventId));
      const unstorable = formatMessage('TALLY_ERR_INGEST_UNSTORABLE');
      let inserted = 0;
      let unstored = 0;
      for (const row of rows) {
        if (refusedRows.has(row)) {
          for (const { submission, index } of row.senders) receipts[submission].rejected.push({ index, code: 'TALLY_ERR_INGEST_UNSTORABLE', message: unstorable });
          unstored += row.senders.length;
          continue;
        }
        inserted++;
        receipts[row.senders[0].submission].accepted++;
        for (const { submission } of row.senders.slice(1)) receipts[submission].duplicates++;
      }
      if (inserted > 0 && options.onStored) {
        const apps = new Set<string>();
        for (const row of rows) if (!refusedRows.has(row)) apps.add(row.event.appId);
        options.onStored(apps);
      }
      const seconds = (performance.now() - started) / 1000;
      const committedAt = now();
      metrics?.onFlush(all.length, seconds);
      metrics?.onCommitted(inserted, all.length - inserted - unstored, taken.map((s) => (committedAt - s.enqueuedAtMs) / 1000));
      const refusal = refused[0]?.error;
      taken.forEach((s, i) => {
        const { accepted, duplicates, rejected } = receipts[i];
        if (rejected.length === 0) s.resolve({ accepted, duplicates });
        else if (s.reportUnstorable) s.resolve({ accepted, duplicates, rejected: rejected.sort((a, b) => a.index - b.index) });
        else s.reject(new TallyError('TALLY_ERR_INGEST_UNSTORABLE', [], { cause: refusal }));
      });
    } catch (err) {
      // an insert that failed may still have landed: the next flush looks its ids up again, after it
      if (following && next === following) next = startBatch(following.taken);
      metrics?.onError('store_insert');
      logger?.error({ err, events: all.length }, 'batch insert failed; submissions answered 503');
      const failure = new TallyError('TALLY_ERR_STORE_UNAVAILABLE', [], { cause: err, retryAfterSeconds: 1 });
      for (const s of taken) s.reject(failure);
    }
  }

  function schedule() {
    if (flushing || (queue.length === 0 && !next)) {
      if (!flushing && queue.length === 0 && !next) for (const fn of idle.splice(0)) fn();
      return;
    }
    const waitedMs = queue.length > 0 ? now() - queue[0].enqueuedAtMs : 0;
    if (next || closing || queuedEvents >= batchSize || waitedMs >= flushIntervalMs || queuedEvents >= pipelineMinEvents) {
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
    submit(events: readonly ValidatedEvent[], options: SubmitOptions = {}): Promise<CommitReceipt> {
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
        queue.push({ events, bytes, enqueuedAtMs: now(), reportUnstorable: options.reportUnstorable === true, resolve, reject });
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
      if (!flushing && queue.length === 0 && !next) return Promise.resolve();
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
      while (flushing || queue.length > 0 || next) {
        await (flushing ?? Promise.resolve());
        schedule();
      }
    },
  };
}

export type Batcher = ReturnType<typeof createBatcher>;
