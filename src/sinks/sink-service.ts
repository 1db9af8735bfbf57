// The export service: configured sinks, their syncs and status. A sync of one sink runs its
// batches one after another under a per-sink lock (the scheduled job, a manual sync and an erasure
// never overlap on one sink in this process):
//   1. the newest batch is resumed when a stopped process left it pending or running, and retried
//      when it failed — by a manual sync only; a scheduled sync leaves a failed sink alone;
//   2. otherwise the next batch is planned from the cursor (the range_to of the last succeeded
//      batch) and recorded as pending before anything is written;
//   3. the batch is written with up to TALLY_SINKS_RETRY_ATTEMPTS attempts, exponential backoff
//      between them; errors an operator must fix (credentials, schema drift, missing bucket) are
//      not retried. The cursor moves only when the batch succeeded.
// Never writes a row of a batch under another batch's name, so a replay replaces, never duplicates.

import type { Registry } from 'prom-client';
import type { SinksConfig } from '../config/index.ts';
import { TallyError } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import { retryWithBackoff } from '../retry.ts';
import type { StoreConnection } from '../store/index.ts';
import { createClickHouseSink } from './clickhouse-sink.ts';
import { backfillArrivals, CURSOR_START, cursorIso, decodeCursor, encodeCursor, eventColumns, exportLagSeconds, planBatch, type Cursor } from './export-rows.ts';
import { sinkMetricsFor, type SinkMetrics } from './metrics.ts';
import { createParquetSink } from './parquet-sink.ts';
import { createPostgresSink } from './postgres-sink.ts';
import { createS3Sink } from './s3-sink.ts';
import { parseSinkConfig, type SinkKind } from './sink-config.ts';
import { createSinkRegistry, type Sink } from './sink-registry.ts';
import { errorText, type SinkWriter } from './sink-writer.ts';
import { createSyncStatusStore, type BatchRecord, type SyncTrigger } from './sync-status.ts';

export interface SinkServiceOptions {
  readonly store: StoreConnection;
  readonly config: SinksConfig;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface SyncResult {
  readonly sinkId: string;
  readonly batches: readonly BatchRecord[];
  /** why nothing ran, when nothing did for a reason other than "caught up" */
  readonly skipped: string | null;
}

export interface SinkStatus {
  readonly cursor: string | null;
  readonly cursorEventId: string | null;
  readonly lagSeconds: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly batches: readonly BatchRecord[];
}

export interface SinkErasure {
  readonly sinkId: string;
  readonly kind: SinkKind;
  readonly removed: number;
  /** files: the files were rewritten without the user's rows */
  readonly error: string;
}

const MAX_RETRY_DELAY_MS = 600_000;

/** a batch error as recorded: the stable code, then the message */
function recordedError(err: unknown): string {
  return err instanceof TallyError ? `${err.code}: ${err.message}` : `TALLY_ERR_SINK_WRITE_FAILED: ${errorText(err)}`;
}

export function createSinkService(options: SinkServiceOptions) {
  const { store, config, logger } = options;
  const now = options.now ?? Date.now;
  const sinks = createSinkRegistry(store, now);
  const status = createSyncStatusStore(store, now);
  const metrics: SinkMetrics = sinkMetricsFor(options.registry);
  const locks = new Map<string, Promise<unknown>>();
  let closing = false;

  function withLock<T>(sinkId: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(sinkId) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    const tail = next.catch(() => {});
    locks.set(sinkId, tail);
    void tail.then(() => {
      if (locks.get(sinkId) === tail) locks.delete(sinkId);
    });
    return next;
  }

  function writerFor(sink: Sink): SinkWriter {
    const c = sink.config;
    switch (c.kind) {
      case 'parquet':
        return createParquetSink(store, c, sink.sinkId);
      case 's3':
        return createS3Sink(store, c, sink.sinkId, config.connectTimeoutMs);
      case 'postgres':
        return createPostgresSink(store, c, config.connectTimeoutMs);
      case 'clickhouse':
        return createClickHouseSink(store, c, sink.sinkId, config.connectTimeoutMs);
    }
  }

  async function cursorOf(sinkId: string): Promise<Cursor> {
    const done = await status.lastSucceeded(sinkId);
    return done ? decodeCursor(done.rangeTo) : CURSOR_START;
  }

  async function runBatch(sink: Sink, writer: SinkWriter, batch: BatchRecord, columns: ReadonlySet<string>): Promise<BatchRecord> {
    let current: BatchRecord = { ...batch, startedAt: batch.startedAt ?? status.iso(now()) };
    const from = decodeCursor(batch.rangeFrom);
    const to = decodeCursor(batch.rangeTo);
    try {
      const result = await retryWithBackoff(
        async () => {
          current = { ...current, status: 'running', attempts: current.attempts + 1 };
          await status.save(current);
          return writer.write({ sink, batchSeq: batch.batchSeq, from, to, eventColumns: columns });
        },
        {
          retries: config.retryAttempts - 1,
          baseDelayMs: config.retryBaseMs,
          maxDelayMs: MAX_RETRY_DELAY_MS,
          jitter: 'equal',
          shouldRetry: (err) => !closing && (!(err instanceof TallyError) || err.canRetry),
          onRetry: (err, delayMs) => {
            metrics.onAttemptFailed(sink.sinkId, sink.kind);
            current = { ...current, error: recordedError(err) };
            logger.warn({ err, sinkId: sink.sinkId, batch: batch.batchSeq, attempt: current.attempts, delayMs }, 'export batch failed; retrying');
            void status.save(current).catch(() => {});
          },
        },
      );
      current = { ...current, status: 'succeeded', rows: result.rows, bytes: result.bytes, finishedAt: status.iso(now()) };
      await status.save(current);
      metrics.onBatch(sink.sinkId, sink.kind, 'succeeded', result.rows, result.bytes);
    } catch (err) {
      metrics.onAttemptFailed(sink.sinkId, sink.kind);
      current = { ...current, status: 'failed', error: recordedError(err), finishedAt: status.iso(now()) };
      await status.save(current);
      metrics.onBatch(sink.sinkId, sink.kind, 'failed', 0, 0);
      logger.error({ err, sinkId: sink.sinkId, batch: batch.batchSeq, attempts: current.attempts }, 'export batch failed');
    }
    return current;
  }

  async function syncLocked(sink: Sink, trigger: SyncTrigger): Promise<SyncResult> {
    const writer = writerFor(sink);
    const columns = await eventColumns(store);
    const ran: BatchRecord[] = [];
    let last = await status.last(sink.sinkId);
    for (let i = 0; i < config.maxBatchesPerSync && !closing; i++) {
      let batch: BatchRecord;
      if (last && (last.status === 'pending' || last.status === 'running')) {
        batch = last; // a stopped process left it: the same range, the same names
      } else if (last && last.status === 'failed') {
        if (trigger !== 'manual') return { sinkId: sink.sinkId, batches: ran, skipped: `batch ${last.batchSeq} failed (${last.error.slice(0, 120)}); a manual sync retries it` };
        batch = { ...last, status: 'pending', trigger, finishedAt: null };
      } else {
        const from = last ? decodeCursor(last.rangeTo) : CURSOR_START;
        const plan = await planBatch(store, sink.appId, from, sink.batchRows, config.settleMs);
        if (!plan) break;
        batch = {
          sinkId: sink.sinkId,
          batchSeq: (last?.batchSeq ?? 0) + 1,
          appId: sink.appId,
          rangeFrom: encodeCursor(from),
          rangeTo: encodeCursor(plan.to),
          rows: 0,
          bytes: 0,
          status: 'pending',
          attempts: 0,
          error: '',
          trigger,
          createdAt: status.iso(now()),
          startedAt: null,
          finishedAt: null,
        };
        await status.save(batch);
      }
      last = await runBatch(sink, writer, batch, columns);
      ran.push(last);
      if (last.status === 'failed') break;
    }
    return { sinkId: sink.sinkId, batches: ran, skipped: null };
  }

  async function mustGet(sinkId: string): Promise<Sink> {
    const sink = await sinks.get(sinkId);
    if (!sink) throw new TallyError('TALLY_ERR_NOT_FOUND', [`sink ${sinkId}`]);
    return sink;
  }

  async function statusOf(sink: Sink, limit: number): Promise<SinkStatus> {
    const cursor = await cursorOf(sink.sinkId);
    return {
      cursor: cursorIso(cursor),
      cursorEventId: cursor === CURSOR_START ? null : cursor.eventId,
      lagSeconds: await exportLagSeconds(store, sink.appId, cursor),
      counts: await status.counts(sink.sinkId),
      batches: await status.list(sink.sinkId, { limit }),
    };
  }

  metrics.setSource(async () => {
    const out = [];
    for (const sink of await sinks.list()) {
      const last = await status.last(sink.sinkId);
      out.push({ sinkId: sink.sinkId, kind: sink.kind, lagSeconds: await exportLagSeconds(store, sink.appId, await cursorOf(sink.sinkId)), failed: last?.status === 'failed' });
    }
    return out;
  });

  return {
    sinks,
    /** checks the kind's fields, records the sink, and logs the app's events stored before exports existed */
    async create(appId: string, kind: string, raw: Readonly<Record<string, unknown>>, batchRows?: number): Promise<Sink> {
      const parsed = parseSinkConfig(kind, raw);
      await backfillArrivals(store, appId);
      return sinks.create(appId, parsed, Math.min(batchRows ?? config.batchRows, config.batchRows));
    },
    get: mustGet,
    /** runs a sync of one sink now; answers when it ends */
    async sync(sinkId: string, trigger: SyncTrigger): Promise<SyncResult> {
      const sink = await mustGet(sinkId);
      return withLock(sinkId, () => syncLocked(sink, trigger));
    },
    /** syncs every sink of an app, one after another */
    async syncApp(appId: string, trigger: SyncTrigger): Promise<SyncResult[]> {
      const out: SyncResult[] = [];
      for (const sink of await sinks.list(appId)) out.push(await withLock(sink.sinkId, () => syncLocked(sink, trigger)));
      return out;
    },
    /**
     * Deletes a sink: after the batch it is running (under its lock), it is no longer synced, listed
     * or erased from. What it exported stays at the destination, and its batch history stays in
     * warehouse_sync_status.
     */
    async remove(sinkId: string): Promise<Sink> {
      const sink = await mustGet(sinkId);
      await withLock(sinkId, () => sinks.remove(sink));
      return sink;
    },
    async status(sinkId: string, limit = 50): Promise<SinkStatus> {
      return statusOf(await mustGet(sinkId), limit);
    },
    async failures(sinkId: string, limit = 50): Promise<BatchRecord[]> {
      await mustGet(sinkId);
      return status.list(sinkId, { limit, failedOnly: true });
    },
    /**
     * GDPR: removes a user's rows from every sink of the app that holds them (PostgreSQL and
     * ClickHouse delete; Parquet files and objects are rewritten without them). Runs under each
     * sink's lock, after the store's rows are gone, so no batch in flight brings them back.
     */
    async eraseUser(appId: string, userId: string): Promise<SinkErasure[]> {
      const out: SinkErasure[] = [];
      for (const sink of await sinks.list(appId)) {
        out.push(
          await withLock(sink.sinkId, async () => {
            try {
              return { sinkId: sink.sinkId, kind: sink.kind, removed: await writerFor(sink).eraseUser(appId, userId), error: '' };
            } catch (err) {
              logger.error({ err, sinkId: sink.sinkId }, 'erasure could not reach the sink');
              return { sinkId: sink.sinkId, kind: sink.kind, removed: 0, error: recordedError(err) };
            }
          }),
        );
      }
      return out;
    },
    /** lets the running batches finish (no new retry starts) */
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled([...locks.values()]);
    },
  };
}

export type SinkService = ReturnType<typeof createSinkService>;
