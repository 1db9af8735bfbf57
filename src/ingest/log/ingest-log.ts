// Durable ingest through a local write-ahead log. A submission is acknowledged once its events
// are appended to the log and flushed to the disk (group commit: every submission waiting shares
// one append); a loader behind it moves the log into the store in large inserts, and a checkpoint
// records how far the store holds it. Acknowledgement no longer waits for the engine, and the
// engine gets the inserts it is fastest at.
//
// Receipts stay exact: before an append, each event's key is judged against the keys logged and
// not yet loaded (exact, in memory) and the id filter of stored keys (id-filter.ts); a "maybe"
// from the filter is confirmed against the store. After a crash the log's tail past the
// checkpoint is loaded again, inserting only the rows the store does not hold, so `kill -9` at
// any moment loses no acknowledged event and stores none twice.
//
// Queries see every acknowledged event: `visible(position)` resolves once the log up to that
// position is in the store (the read barrier, store/read-barrier.ts, waits on it), and answers'
// versions move when events are logged. Memory is bounded: events waiting for the append and
// logged-but-unloaded events together count against the queue bounds, and a
// full queue answers 503 with Retry-After. Rows the engine refuses at load are isolated and
// quarantined (TALLY_ERR_INGEST_UNSTORABLE), never retried forever and never dropped silently.

import { TallyError } from '../../errors.ts';
import type { Logger } from '../../observability/index.ts';
import { lockDataDir, type StoreConnection } from '../../store/index.ts';
import type { BatcherMetrics, CommitReceipt, SubmitOptions } from '../batcher.ts';
import type { ValidatedEvent } from '../pipeline/index.ts';
import { isDataRefusal, isolateRefused } from '../store-refusal.ts';
import { eventKey, storedEventKeys } from '../stored-ids.ts';
import { createIdFilter, fillFromStore, keyHash1, keyHash2, type IdFilter } from './id-filter.ts';
import { openLogSegments, type LogPosition, type LogSegments } from './log-segments.ts';

export interface IngestLogOptions {
  /** the store's ingest connection (behind the write gate) */
  readonly store: StoreConnection;
  /** the log's directory (under TALLY_DATA_DIR) */
  readonly dir: string;
  /** fdatasync each append before acknowledging (TALLY_FSYNC) */
  readonly fsync: boolean;
  /** load into the store as soon as this many events are logged and not loaded (BATCH_SIZE) */
  readonly loadEvents: number;
  /** load at the latest this long after the oldest unloaded event was logged (FLUSH_INTERVAL_MS) */
  readonly loadIntervalMs: number;
  /** most rows in one insert (default max(loadEvents, 100000)) */
  readonly maxInsertRows?: number;
  /** refuse submissions beyond this many events waiting or unloaded */
  readonly queueMaxEvents: number;
  /** refuse submissions beyond this many bytes of rows waiting or unloaded */
  readonly queueMaxBytes: number;
  /**
   * judge new ids with the in-memory filter of stored ids; only where this process is the store's
   * one writer (the embedded store). Off: every id is looked up in the store
   */
  readonly idFilter: boolean;
  readonly table?: string;
  /** the apps whose events were logged (answers about them may change) */
  readonly onLogged?: (appIds: ReadonlySet<string>) => void;
  /** the apps whose events a load committed */
  readonly onStored?: (appIds: ReadonlySet<string>) => void;
  /** rows the engine refused at load, with their reason: quarantined by the caller */
  readonly onRefused?: (rows: ReadonlyArray<{ readonly row: string; readonly error: unknown }>) => Promise<void>;
  readonly metrics?: BatcherMetrics & { onLoaded?(rows: number, seconds: number): void };
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

/** a logged record the store may not hold yet */
interface Unloaded {
  /** the record's rows as logged: JSONEachRow lines, each ending in a newline */
  readonly payload: Buffer;
  /** each row's key, in order */
  readonly keys: string[];
  readonly appIds: ReadonlySet<string>;
  readonly end: LogPosition;
  readonly loggedAtMs: number;
  /** its rows may already be stored (replayed after a restart, or its insert failed): look them up first */
  verify: boolean;
}

/** events in one log record at most */
const RECORD_MAX_EVENTS = 50_000;
/** the longest a query waits for the loader before it reads what the store holds */
const VISIBLE_WAIT_MS = 10_000;

function rowsOf(payload: Buffer): string[] {
  return payload.toString('utf8').split('\n').filter((r) => r.length > 0);
}

function keyOfRow(row: string): { appId: string; key: string } {
  const r = JSON.parse(row) as { app_id: string; event_id: string };
  return { appId: r.app_id, key: eventKey(r.app_id, r.event_id) };
}

export async function openIngestLog(options: IngestLogOptions) {
  const { store, queueMaxEvents, queueMaxBytes, loadEvents, loadIntervalMs, metrics, logger } = options;
  const table = options.table ?? 'events';
  const maxInsertRows = options.maxInsertRows ?? Math.max(loadEvents, 100_000);
  const now = options.now ?? Date.now;
  // one process appends to a log: a second one on the same directory (two servers sharing a
  // TALLY_DATA_DIR with a server store) is refused, as for the embedded store's directory
  const lock = await lockDataDir(options.dir);
  let log: LogSegments;
  try {
    log = await openLogSegments({ dir: options.dir, fsync: options.fsync });
  } catch (err) {
    lock.release();
    throw err;
  }

  /** logged and not yet loaded, exact */
  const pending = new Set<string>();
  const unloaded: Unloaded[] = [];
  const waiting: Submission[] = [];
  let waitingEvents = 0;
  let waitingBytes = 0;
  let unloadedEvents = 0;
  let unloadedBytes = 0;
  /** records appended so far, and records loaded so far (the read barrier compares them) */
  let appendedRecords = 0;
  let loadedRecords = 0;
  const visibleWaiters: Array<{ record: number; resolve: () => void }> = [];
  let appending: Promise<void> | undefined;
  let loading: Promise<void> | undefined;
  let loadTimer: NodeJS.Timeout | undefined;
  let closing = false;
  let loadFailures = 0;
  const idle: Array<() => void> = [];

  const filter: IdFilter | undefined = options.idFilter ? createIdFilter() : undefined;
  /** the filter holds every stored id: its "no" can be trusted */
  let filterReady = false;

  // the tail the store may not hold: back into memory, to be loaded with a lookup first
  for (const record of log.recovery.records) {
    const rows = rowsOf(record.payload);
    const keys: string[] = [];
    const apps = new Set<string>();
    for (const row of rows) {
      const { appId, key } = keyOfRow(row);
      keys.push(key);
      apps.add(appId);
      pending.add(key);
      filter?.add(key);
    }
    unloaded.push({ payload: record.payload, keys, appIds: apps, end: record.end, loggedAtMs: now(), verify: true });
    unloadedEvents += rows.length;
    unloadedBytes += record.payload.length;
    appendedRecords++;
  }
  if (log.recovery.records.length > 0 || log.recovery.truncatedBytes > 0) {
    logger?.info({ records: log.recovery.records.length, events: unloadedEvents, truncatedBytes: log.recovery.truncatedBytes }, 'ingest log: replaying what the store may not hold');
  }

  function reportQueue() {
    metrics?.onQueue(waitingEvents + unloadedEvents, waitingBytes + unloadedBytes);
  }

  /** the stored ones among these keys */
  function storedKeys(keys: readonly string[]): Promise<Set<string>> {
    return storedEventKeys(store, table, keys.map((k) => k.slice(k.indexOf('\u0000') + 1)));
  }

  // ---- appending ----

  /**
   * Logged-but-unloaded events stay within half the queue bounds: an append takes only the
   * submissions that fit (any one when nothing is unloaded), the rest wait for the loader. Requests
   * then slow down (their latency is the backpressure), and only a queue full beyond that refuses.
   */
  function mayAppend(events: number, bytes: number, first: boolean): boolean {
    if (closing || (first && unloadedEvents === 0)) return true;
    return unloadedEvents + events <= queueMaxEvents / 2 && unloadedBytes + bytes <= queueMaxBytes / 2;
  }

  function take(): Submission[] {
    const taken: Submission[] = [];
    let events = 0;
    let bytes = 0;
    while (waiting.length > 0) {
      const next = waiting[0];
      if (taken.length > 0 && events + next.events.length > RECORD_MAX_EVENTS) break;
      if (!mayAppend(events + next.events.length, bytes + next.bytes, taken.length === 0)) break;
      waiting.shift();
      events += next.events.length;
      bytes += next.bytes;
      taken.push(next);
    }
    return taken;
  }

  /** the first waiting submission cannot be appended until the loader makes room */
  function backlogFull(): boolean {
    return waiting.length > 0 && !mayAppend(waiting[0].events.length, waiting[0].bytes, true);
  }

  async function appendOnce(): Promise<void> {
    const taken = take();
    if (taken.length === 0) return;
    const receipts = taken.map(() => ({ accepted: 0, duplicates: 0 }));
    // the events judged new, in order: their submission, key and filter hashes (parallel arrays)
    const freshEvents: ValidatedEvent[] = [];
    const freshSubmission: number[] = [];
    const freshKeys: string[] = [];
    const freshH1: number[] = [];
    const freshH2: number[] = [];
    let logged = false;
    try {
      // judge every event: logged and unloaded (exact), the filter's certain "no", or ask the store.
      // A new key joins `pending` at once, so a second copy in the same append is a duplicate; if
      // the append fails, or the store turns out to hold the event, it leaves again below.
      const unsure: string[] = [];
      for (let submission = 0; submission < taken.length; submission++) {
        for (const e of taken[submission].events) {
          const key = eventKey(e.appId, e.eventId);
          if (pending.has(key)) {
            receipts[submission].duplicates++;
            continue;
          }
          pending.add(key);
          const h1 = filter ? keyHash1(key) : 0;
          const h2 = filter ? keyHash2(key) : 0;
          if (!filterReady || filter?.mayHaveHashes(h1, h2) !== false) unsure.push(key);
          freshEvents.push(e);
          freshSubmission.push(submission);
          freshKeys.push(key);
          freshH1.push(h1);
          freshH2.push(h2);
        }
      }
      let stored: Set<string> | undefined;
      if (unsure.length > 0) {
        stored = await storedKeys(unsure);
        for (const key of stored) pending.delete(key);
      }
      const rows: string[] = [];
      const keys: string[] = [];
      const apps = new Set<string>();
      for (let i = 0; i < freshEvents.length; i++) {
        if (stored?.has(freshKeys[i])) {
          receipts[freshSubmission[i]].duplicates++;
          continue;
        }
        rows.push(freshEvents[i].row);
        keys.push(freshKeys[i]);
        apps.add(freshEvents[i].appId);
        receipts[freshSubmission[i]].accepted++;
        // added before the append: should it fail, the filter only says "maybe" for these keys (a
        // store lookup), never a wrong "no"
        filter?.addHashes(freshH1[i], freshH2[i]);
      }
      if (rows.length > 0) {
        const payload = Buffer.from(rows.join('\n') + '\n');
        const end = await log.append(payload);
        unloaded.push({ payload, keys, appIds: apps, end, loggedAtMs: now(), verify: false });
        unloadedEvents += rows.length;
        unloadedBytes += payload.length;
        appendedRecords++;
        options.onLogged?.(apps);
      }
      logged = true;
      const loggedAt = now();
      let accepted = 0;
      let duplicates = 0;
      for (const r of receipts) {
        accepted += r.accepted;
        duplicates += r.duplicates;
      }
      metrics?.onCommitted(accepted, duplicates, taken.map((s) => (loggedAt - s.enqueuedAtMs) / 1000));
      for (const [i, s] of taken.entries()) s.resolve(receipts[i]);
    } catch (err) {
      // unless its record was written, nothing of this append is logged: its keys are not pending
      if (!logged) for (const key of freshKeys) pending.delete(key);
      metrics?.onError('log_append');
      logger?.error({ err, events: taken.reduce((n, s) => n + s.events.length, 0) }, 'ingest log append failed; submissions answered 503');
      const failure = new TallyError('TALLY_ERR_STORE_UNAVAILABLE', [], { cause: err, retryAfterSeconds: 1 });
      for (const s of taken) s.reject(failure);
    } finally {
      for (const s of taken) {
        waitingEvents -= s.events.length;
        waitingBytes -= s.bytes;
      }
      reportQueue();
    }
  }

  function scheduleAppend() {
    if (appending || waiting.length === 0 || backlogFull()) return;
    appending = appendOnce().finally(() => {
      appending = undefined;
      scheduleAppend();
      scheduleLoad();
    });
  }

  // ---- loading ----

  async function insertRows(rows: readonly string[]): Promise<void> {
    await store.insertJsonEachRow(table, Buffer.from(rows.join('\n') + '\n'));
  }

  /** Inserts the rows of `batch` the store does not hold; resolves with the ones the engine refused. */
  async function loadRows(batch: readonly Unloaded[]): Promise<Array<{ item: string; error: unknown }>> {
    // the logged bytes go to the engine as they are, unless some rows may be stored already
    let body: Buffer | undefined = batch.some((u) => u.verify) ? undefined : batch.length === 1 ? batch[0].payload : Buffer.concat(batch.map((u) => u.payload));
    let rows: string[] | undefined;
    if (!body) {
      const keys = batch.flatMap((u) => u.keys);
      const stored = await storedKeys(keys);
      rows = batch.flatMap((u) => rowsOf(u.payload)).filter((_, i) => !stored.has(keys[i]));
      if (rows.length === 0) return [];
      body = Buffer.from(rows.join('\n') + '\n');
    }
    try {
      await store.insertJsonEachRow(table, body);
      return [];
    } catch (err) {
      if (!isDataRefusal(err)) throw err;
      logger?.warn({ err }, 'the store refused a load on its data; isolating the refused rows');
      return isolateRefused(rows ?? batch.flatMap((u) => rowsOf(u.payload)), insertRows, err);
    }
  }

  async function loadOnce(): Promise<void> {
    const batch: Unloaded[] = [];
    let count = 0;
    for (const u of unloaded) {
      if (batch.length > 0 && count + u.keys.length > maxInsertRows) break;
      batch.push(u);
      count += u.keys.length;
    }
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      const refused = await loadRows(batch);
      if (refused.length > 0) {
        for (const r of refused) {
          metrics?.onError('store_refused_row');
          logger?.warn({ err: r.error }, 'the store refused a logged event; it is quarantined as unstorable');
        }
        await options.onRefused?.(refused.map((r) => ({ row: r.item, error: r.error })));
      }
    } catch (err) {
      // it may have landed in part: look its rows up before the next try
      for (const u of batch) u.verify = true;
      loadFailures++;
      metrics?.onError('store_insert');
      logger?.error({ err, events: count, attempt: loadFailures }, 'loading the ingest log into the store failed; retrying');
      throw err;
    }
    loadFailures = 0;
    unloaded.splice(0, batch.length);
    const apps = new Set<string>();
    for (const u of batch) {
      for (const key of u.keys) pending.delete(key);
      for (const a of u.appIds) apps.add(a);
      unloadedEvents -= u.keys.length;
      unloadedBytes -= u.payload.length;
    }
    loadedRecords += batch.length;
    void log.checkpoint(batch[batch.length - 1].end);
    options.onStored?.(apps);
    metrics?.onFlush(count, (performance.now() - started) / 1000);
    metrics?.onLoaded?.(count, (performance.now() - started) / 1000);
    reportQueue();
    for (let i = visibleWaiters.length - 1; i >= 0; i--) {
      if (visibleWaiters[i].record <= loadedRecords) visibleWaiters.splice(i, 1)[0].resolve();
    }
  }

  /** one load at a time: two would take the same records */
  function startLoad() {
    if (loading) return;
    loading = loadOnce()
      .catch(() => {})
      .finally(() => {
        loading = undefined;
        scheduleAppend();
        scheduleLoad();
      });
  }

  function scheduleLoad() {
    if (loading) return;
    if (unloaded.length === 0) {
      if (!appending && waiting.length === 0) for (const fn of idle.splice(0)) fn();
      return;
    }
    const waitedMs = now() - unloaded[0].loggedAtMs;
    const due = closing || idle.length > 0 || visibleWaiters.length > 0 || backlogFull() || unloadedEvents >= loadEvents || waitedMs >= loadIntervalMs;
    if (due && loadFailures === 0) {
      if (loadTimer) clearTimeout(loadTimer);
      loadTimer = undefined;
      startLoad();
    } else if (!loadTimer) {
      // a failed load retries with backoff (0.1 s doubling to 5 s); acknowledged events are never dropped
      const delay = loadFailures > 0 ? Math.min(5000, 100 * 2 ** (loadFailures - 1)) : loadIntervalMs - waitedMs;
      loadTimer = setTimeout(() => {
        loadTimer = undefined;
        if (loadFailures > 0) startLoad();
        else scheduleLoad();
      }, Math.max(0, delay));
    }
  }

  if (filter) {
    const build = async (attempt: number): Promise<void> => {
      try {
        const started = performance.now();
        const storedIds = await fillFromStore(filter, store, table);
        filterReady = true;
        logger?.info({ storedIds, filterBytes: filter.size().bytes, seconds: Math.round(performance.now() - started) / 1000 }, 'ingest log: id filter ready');
      } catch (err) {
        logger?.warn({ err, attempt }, 'ingest log: the id filter could not be built; ids are looked up in the store meanwhile');
        if (!closing && attempt < 5) setTimeout(() => void build(attempt + 1), 1000 * 2 ** attempt).unref();
      }
    };
    void build(1);
  }
  scheduleLoad();

  return {
    /** Queues events; resolves once they are in the log on disk (or found already logged or stored). */
    submit(events: readonly ValidatedEvent[], _options: SubmitOptions = {}): Promise<CommitReceipt> {
      if (closing) return Promise.reject(new TallyError('TALLY_ERR_INGEST_SHUTTING_DOWN', [], { retryAfterSeconds: 1 }));
      if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      let bytes = 0;
      for (const e of events) bytes += e.row.length + 1;
      if (waitingEvents + unloadedEvents + events.length > queueMaxEvents || waitingBytes + unloadedBytes + bytes > queueMaxBytes) {
        metrics?.onError('queue_full');
        const retryAfterSeconds = Math.max(1, Math.ceil((loadIntervalMs * 2) / 1000));
        return Promise.reject(new TallyError('TALLY_ERR_INGEST_OVERLOADED', [retryAfterSeconds], { retryAfterSeconds }));
      }
      return new Promise<CommitReceipt>((resolve, reject) => {
        waiting.push({ events, bytes, enqueuedAtMs: now(), resolve, reject });
        waitingEvents += events.length;
        waitingBytes += bytes;
        reportQueue();
        scheduleAppend();
      });
    },

    /** the log's position: records appended so far (a read barrier waits for a position) */
    position(): number {
      return appendedRecords;
    },

    /** Resolves once every record up to `position` (default: all so far) is in the store (a bounded wait). */
    visible(position = appendedRecords): Promise<void> {
      if (loadedRecords >= position) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, VISIBLE_WAIT_MS);
        visibleWaiters.push({
          record: position,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        scheduleLoad();
      });
    },

    stats(): { queuedEvents: number; queuedBytes: number; flushing: boolean; unloadedEvents: number; logBytes: number; idFilter: { ready: boolean; keys: number; bytes: number } | undefined } {
      return {
        queuedEvents: waitingEvents + unloadedEvents,
        queuedBytes: waitingBytes + unloadedBytes,
        flushing: appending !== undefined || loading !== undefined,
        unloadedEvents,
        logBytes: log.bytes(),
        idFilter: filter ? { ready: filterReady, ...filter.size() } : undefined,
      };
    },

    /** Resolves when everything submitted so far is in the store. */
    drain(): Promise<void> {
      if (!appending && !loading && waiting.length === 0 && unloaded.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idle.push(resolve);
        scheduleLoad();
      });
    },

    /** Refuses new work, logs what is waiting and loads the log into the store (until it has failed 3 times in a row), then closes it. */
    async close(): Promise<void> {
      closing = true;
      // three fresh tries, whatever failed before
      loadFailures = 0;
      scheduleAppend();
      scheduleLoad();
      while ((appending || loading || waiting.length > 0 || unloaded.length > 0) && loadFailures < 3) await new Promise((r) => setTimeout(r, 10));
      if (loadTimer) clearTimeout(loadTimer);
      loadTimer = undefined;
      await appending;
      await loading;
      if (unloaded.length > 0) logger?.warn({ events: unloadedEvents }, 'ingest log: events left in the log are loaded at the next start');
      for (const w of visibleWaiters.splice(0)) w.resolve();
      for (const fn of idle.splice(0)) fn();
      await log.close();
      lock.release();
    },
  };
}

export type IngestLog = Awaited<ReturnType<typeof openIngestLog>>;
