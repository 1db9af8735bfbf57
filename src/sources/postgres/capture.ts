// Postgres change capture: checks the server, creates the publication and slot when missing, runs
// the initial snapshot (snapshot.ts), then streams the slot with pgoutput and hands each committed
// transaction's rows to the sink in batches. It must never confirm a position to the slot before
// the rows up to it are stored: transactions are confirmed in commit order, each only after the
// batch that holds it was acknowledged by the store, so after a crash PostgreSQL replays from the
// last confirmed transaction and the derived event ids turn the replay into duplicates, not
// doubles. Connection losses (PostgreSQL restarts, network drops) reconnect with backoff and
// resume from the slot; what was read and not stored is read again.

import type pg from 'pg';
import type { LogicalReplicationService, Pgoutput } from 'pg-logical-replication';
import type { CdcConfig, TableMapping } from '../../config/index.ts';
import { TallyError } from '../../errors.ts';
import type { Logger } from '../../observability/index.ts';
import type { CdcMetrics } from '../../observability/cdc-metrics.ts';
import type { StoreConnection } from '../../store/index.ts';
import { formatLsn, parseLsn } from './lsn.ts';
import type { CapturedChange } from './mapping.ts';
import { createSnapshotProgress } from './progress.ts';
import { checkServer, createSlot, describeTables, ensurePublication, slotState, type TableInfo } from './setup.ts';
import { CaptureStoppedError, type ChangeSink, type DeliveryItem } from './sink.ts';
import { runSnapshot } from './snapshot.ts';
import { withPgClient } from './pg-client.ts';
import { CapturePgoutputPlugin } from './pgoutput.ts';
import { createReplicationService } from './replication-service.ts';

/** `unknown`: the capture runs elsewhere and PostgreSQL did not answer (slot-status.ts) */
export type CaptureState = 'starting' | 'snapshot' | 'streaming' | 'reconnecting' | 'stopped' | 'unknown';

export interface CaptureStatus {
  readonly kind: 'postgres';
  /** this process captures, or another one does (its status read from the slot: the counts are null) */
  readonly runs_in: 'this_process' | 'another_process';
  readonly slot: string;
  readonly publication: string;
  readonly state: CaptureState;
  readonly tables: readonly string[];
  /** the last position confirmed to the slot (everything before it is stored) */
  readonly confirmed_lsn: string | null;
  readonly lag_bytes: number | null;
  readonly retained_wal_bytes: number | null;
  readonly lag_seconds: number | null;
  readonly over_wal_bound: boolean;
  readonly rows: { snapshot: number; stored: number; duplicates: number; quarantined: number; ignored: number } | null;
  readonly truncates: number | null;
  readonly last_error: string | null;
}

/** the status of a capture this process runs: everything is known */
export interface LocalCaptureStatus extends CaptureStatus {
  readonly runs_in: 'this_process';
  readonly lag_seconds: number;
  readonly rows: { snapshot: number; stored: number; duplicates: number; quarantined: number; ignored: number };
  readonly truncates: number;
}

export interface PostgresCaptureOptions {
  readonly config: CdcConfig;
  readonly sink: (keyColumns: (source: string) => readonly string[], isStopped: () => boolean) => ChangeSink;
  /** where snapshot progress is kept */
  readonly store: StoreConnection;
  readonly logger: Logger;
  readonly metrics?: CdcMetrics;
  /** a batch is handed to the sink at this many rows (default 5000) */
  readonly batchRows?: number;
  /** or this long after its first transaction committed (default 20 ms) */
  readonly flushIntervalMs?: number;
  /** the stream pauses while this many rows wait for the store (default 50000) */
  readonly maxPendingRows?: number;
  /** slot lag is measured this often (default 5000 ms) */
  readonly lagIntervalMs?: number;
  /** the snapshot reads tables in pages of this many rows (default 2000) */
  readonly snapshotPageRows?: number;
  /** creates the mapped apps that do not exist yet, before any row is read */
  readonly ensureApps?: (appIds: readonly string[]) => Promise<void>;
}

export interface PostgresCapture {
  /** checks, sets up, snapshots, then streams in the background; rejects on errors an operator must fix */
  start(): Promise<void>;
  status(): LocalCaptureStatus;
  /** resolves when the snapshot is done and the stream has started */
  readonly streaming: Promise<void>;
  /** stops reading, waits for the batches read to be stored and confirmed */
  close(): Promise<void>;
}

interface OpenTransaction {
  commitTimeMs: number;
  items: DeliveryItem[];
}

const MAX_RETRY_MS = 30_000;

export function createPostgresCapture(options: PostgresCaptureOptions): PostgresCapture {
  const { config, logger, metrics } = options;
  const batchRows = options.batchRows ?? 5000;
  const flushIntervalMs = options.flushIntervalMs ?? 20;
  const maxPendingRows = options.maxPendingRows ?? 50_000;
  const bySource = new Map<string, TableMapping>(config.tables.map((t) => [t.source, t]));
  let tables = new Map<string, TableInfo>();
  let stopped = false;
  let state: CaptureState = 'starting';
  let confirmed: bigint | undefined;
  let lastError: string | null = null;
  const lag = { bytes: null as number | null, retained: null as number | null, overBound: false };
  const rows = { snapshot: 0, stored: 0, duplicates: 0, quarantined: 0, ignored: 0 };
  let truncates = 0;

  const keyColumns = (source: string) => tables.get(source)?.keyColumns ?? [];
  const sink = options.sink(keyColumns, () => stopped);

  // the stream: the open transaction, the batch being filled, and the batches being stored (in commit order)
  let service: LogicalReplicationService | undefined;
  /** the service's connection is made (its replication started): closing it is quick, and awaited */
  let serviceConnected = false;
  let open: OpenTransaction | undefined;
  let batch: { items: DeliveryItem[]; endLsn: bigint; firstCommitMs: number } | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let pendingRows = 0;
  /** commit times of batches handed to the sink and not yet confirmed, oldest first */
  const unconfirmed: number[] = [];
  let confirmChain: Promise<void> = Promise.resolve();
  let lagTimer: NodeJS.Timeout | undefined;
  // close() asked: what the loop waits on (a connection being made, a retry's delay) is given up
  let requestStop!: () => void;
  const stopRequested = new Promise<void>((r) => (requestStop = r));
  let resolveStreaming!: () => void;
  const streaming = new Promise<void>((r) => (resolveStreaming = r));
  let loop: Promise<void> | undefined;

  function confirm(endLsn: bigint) {
    if (confirmed !== undefined && endLsn <= confirmed) return;
    confirmed = endLsn;
    // the library reports lsn + 1: send endLsn itself, so a commit starting exactly there is not skipped
    void service?.acknowledge(formatLsn(endLsn - 1n)).catch(() => {});
    metrics?.onAcknowledged();
  }

  function flush() {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    const b = batch;
    batch = undefined;
    if (!b) return;
    const n = b.items.length;
    pendingRows += n;
    unconfirmed.push(b.firstCommitMs);
    const stored = n === 0 ? Promise.resolve() : sink.deliver(b.items).then((c) => {
      rows.stored += c.stored;
      rows.duplicates += c.duplicates;
      rows.quarantined += c.quarantined;
      rows.ignored += c.ignored;
    });
    // confirmations follow commit order whatever order the stores finish in
    confirmChain = confirmChain.then(() =>
      stored.then(
        () => {
          pendingRows -= n;
          unconfirmed.shift();
          confirm(b.endLsn);
        },
        (err: unknown) => {
          pendingRows -= n;
          unconfirmed.shift();
          if (!(err instanceof CaptureStoppedError)) logger.error({ err }, 'change capture: a batch was not stored; it will be read again');
        },
      ),
    );
  }

  function onCommit(endLsn: bigint) {
    const tx = open;
    open = undefined;
    if (!tx) return;
    batch ??= { items: [], endLsn, firstCommitMs: tx.commitTimeMs };
    for (const item of tx.items) batch.items.push(item);
    batch.endLsn = endLsn;
    if (batch.items.length >= batchRows) flush();
    else flushTimer ??= setTimeout(flush, flushIntervalMs);
  }

  /** rows read and not yet stored: handed to the sink, or in the batch being filled */
  const waitingRows = () => pendingRows + (batch?.items.length ?? 0);

  /** the stream whose socket is paused until the store catches up */
  let held: LogicalReplicationService | undefined;

  /** backpressure: too many rows wait for the store; the socket is paused until they are half stored */
  function hold(svc: LogicalReplicationService) {
    if (held === svc) return;
    held = svc;
    socketOf(svc)?.pause?.();
    void (async () => {
      while (waitingRows() > maxPendingRows / 2 && !stopped && service === svc) {
        flush();
        await confirmChain;
      }
      if (held === svc) held = undefined;
      if (service === svc) socketOf(svc)?.resume?.();
    })();
  }

  function onData(lsn: string, msg: Pgoutput.Message) {
    switch (msg.tag) {
      case 'begin':
        open = { commitTimeMs: Number((msg.commitTime as unknown as bigint) / 1000n), items: [] };
        return;
      case 'insert':
      case 'update':
      case 'delete': {
        const table = bySource.get(`${msg.relation.schema}.${msg.relation.name}`);
        if (!table || !open) return;
        const row = msg.tag === 'delete' ? (msg.old ?? msg.key ?? {}) : msg.new;
        const change: CapturedChange = { kind: msg.tag, row, lsn, commitTimeMs: open.commitTimeMs };
        open.items.push({ table, change });
        return;
      }
      case 'truncate':
        for (const r of msg.relations) {
          const source = `${r.schema}.${r.name}`;
          if (!bySource.has(source)) continue;
          truncates++;
          metrics?.onTruncate(source);
          logger.warn({ table: source, lsn }, 'change capture: TRUNCATE of a captured table (stored events are kept)');
        }
        return;
      case 'commit':
        onCommit(parseLsn(msg.commitEndLsn ?? lsn));
        if (waitingRows() > maxPendingRows && !stopped && service) hold(service);
        return;
      default:
        return;
    }
  }

  function onHeartbeat(lsn: string, _ts: number, shouldRespond: boolean) {
    // nothing read and unstored: the slot may move to the server's position (WAL of other tables).
    // Each message is handled as it is parsed (no flow-control queue), so everything before the
    // keepalive has been read.
    if (!open && !batch && pendingRows === 0 && unconfirmed.length === 0 && service) {
      const at = parseLsn(lsn);
      if (at > 0n && (confirmed === undefined || at > confirmed)) {
        confirm(at);
        return;
      }
    }
    if (shouldRespond && confirmed !== undefined) void service?.acknowledge(formatLsn(confirmed - 1n)).catch(() => {});
  }

  const withClient = <T>(use: (c: pg.Client) => Promise<T>): Promise<T> => withPgClient(config.url, use);

  async function measureLag() {
    try {
      const r = await withClient((c) =>
        c.query<{ lag: string | null; retained: string | null }>(
          `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::text AS retained FROM pg_replication_slots WHERE slot_name = $1`,
          [config.slot],
        ),
      );
      const row = r.rows[0];
      if (!row) return;
      lag.bytes = Math.max(0, Number(row.lag ?? 0));
      lag.retained = Math.max(0, Number(row.retained ?? 0));
      const over = lag.retained > config.maxSlotWalBytes;
      const crossed = over && !lag.overBound;
      if (crossed) logger.warn({ slot: config.slot, retainedWalBytes: lag.retained, boundBytes: config.maxSlotWalBytes }, 'change capture: the slot holds more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES');
      lag.overBound = over;
      metrics?.onLag(config.slot, { bytes: lag.bytes, retainedBytes: lag.retained, seconds: lagSeconds(), overBound: over, crossed });
    } catch (err) {
      logger.debug({ err }, 'change capture: slot lag not measured');
    }
  }

  function lagSeconds(): number {
    const oldest = open?.commitTimeMs ?? unconfirmed[0] ?? batch?.firstCommitMs;
    return oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000);
  }

  async function setUp(): Promise<void> {
    const slot = await withClient(async (c) => {
      await checkServer(c);
      tables = await describeTables(c, config);
      await ensurePublication(c, config);
      return slotState(c, config.slot);
    });
    await options.ensureApps?.([...new Set(config.tables.map((t) => t.appId))]);
    const progress = await createSnapshotProgress(options.store, config.slot);
    if (!slot) {
      await progress.reset();
      const created = await createSlot(config.url, config.slot);
      logger.info({ slot: config.slot, consistentPoint: created.consistentPoint }, 'change capture: slot created');
      try {
        if (config.snapshot) {
          state = 'snapshot';
          await snapshot(progress, created.consistentPoint, created.snapshotName ?? undefined);
        }
      } finally {
        await created.connection.end().catch(() => {});
      }
      return;
    }
    if (config.snapshot) {
      // an interrupted snapshot continues (tables done are skipped), reading current data
      state = 'snapshot';
      await snapshot(progress, slot.confirmedFlushLsn ?? '0/0', undefined);
    }
  }

  async function snapshot(progress: Awaited<ReturnType<typeof createSnapshotProgress>>, lsn: string, snapshotName: string | undefined) {
    const n = await runSnapshot({
      config,
      tables,
      progress,
      snapshotName,
      lsn,
      pageRows: options.snapshotPageRows,
      isStopped: () => stopped,
      deliver: async (page) => {
        const c = await sink.deliver(page.changes.map((change) => ({ table: page.table, change })));
        rows.stored += c.stored;
        rows.duplicates += c.duplicates;
        rows.quarantined += c.quarantined;
      },
      onTable: (source, count) => logger.info({ table: source, rows: count }, 'change capture: snapshot of table done'),
    });
    rows.snapshot += n;
  }

  async function streamOnce(): Promise<void> {
    // the session in UTC: timestamptz values arrive in the form the decoder reads fastest (pgoutput.ts);
    // a server that accepts and never answers is given up after 10 s, and retried; messages are
    // handled as they are parsed, without the library's flow control (a promise per message):
    // backpressure pauses the socket instead (hold)
    const svc = createReplicationService({ connectionString: config.url, options: '-c TimeZone=UTC', connectionTimeoutMillis: 10_000 }, { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: false } });
    service = svc;
    serviceConnected = false;
    const ended = new Promise<void>((_resolve, reject) => {
      svc.on('error', (err: Error) => reject(err));
      // handled inside the connection's own event: a failure ends this stream (read again after a
      // reconnect) instead of escaping into the client
      svc.on('data', (lsn: string, msg: Pgoutput.Message) => {
        try {
          onData(lsn, msg);
        } catch (err) {
          reject(err);
        }
      });
      svc.on('heartbeat', onHeartbeat);
      svc.on('start', () => {
        serviceConnected = true;
        state = 'streaming';
        lastError = null;
        resolveStreaming();
        logger.info({ slot: config.slot, publication: config.publication }, 'change capture: streaming');
      });
    });
    const plugin = new CapturePgoutputPlugin({ protoVersion: 1, publicationNames: [config.publication] });
    try {
      // a client closed while it connects may never settle its connect (a reconnect under close()
      // hung so when the database went away first): closing does not wait for it
      await Promise.race([svc.subscribe(plugin, config.slot), ended, stopRequested]);
      if (!stopped) throw new Error('the replication stream ended');
    } finally {
      service = undefined;
      await stopService(svc, serviceConnected);
      // what was read and not yet handed over is read again from the slot
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      open = undefined;
      batch = undefined;
    }
  }

  /** waits `ms`, or less when close() is called meanwhile */
  function untilStopped(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      void stopRequested.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async function runLoop(): Promise<void> {
    let delay = config.retryMs;
    let ready = false;
    while (!stopped) {
      try {
        if (!ready) {
          await setUp();
          // closed during the snapshot: it returned early, and nothing must start streaming now
          if (stopped) break;
          ready = true;
          lagTimer ??= setInterval(() => void measureLag(), options.lagIntervalMs ?? 5000);
        }
        await streamOnce();
        delay = config.retryMs;
      } catch (err) {
        if (stopped) break;
        if (!ready && isOperatorError(err)) {
          if (err instanceof TallyError) throw err;
          throw new TallyError('TALLY_ERR_CDC_SETUP', [err instanceof Error ? err.message : String(err)], { cause: err });
        }
        // wait for stores in flight, so a replay starts after what they confirm
        await confirmChain;
        state = 'reconnecting';
        lastError = err instanceof Error ? err.message : String(err);
        metrics?.onRetry(ready ? 'stream' : 'connect');
        logger.warn({ err, retryInMs: delay }, 'change capture: connection lost; reconnecting');
        await untilStopped(delay * (0.5 + Math.random() / 2));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  return {
    streaming,
    async start() {
      // setup errors an operator must fix are thrown here; connection errors are retried in the loop
      let firstRound: (v: unknown) => void;
      const started = new Promise((r) => (firstRound = r));
      loop = runLoop().catch((err: unknown) => {
        lastError = err instanceof Error ? err.message : String(err);
        state = 'stopped';
        firstRound(err);
        throw err;
      });
      loop.catch(() => {});
      const result = await Promise.race([streaming.then(() => undefined), started]);
      if (result instanceof Error) throw result;
    },
    status() {
      return {
        kind: 'postgres',
        runs_in: 'this_process',
        slot: config.slot,
        publication: config.publication,
        state,
        tables: config.tables.map((t) => t.source),
        confirmed_lsn: confirmed === undefined ? null : formatLsn(confirmed),
        lag_bytes: lag.bytes,
        retained_wal_bytes: lag.retained,
        lag_seconds: lagSeconds(),
        over_wal_bound: lag.overBound,
        rows: { ...rows },
        truncates,
        last_error: lastError,
      };
    },
    async close() {
      if (stopped) return;
      stopped = true;
      requestStop();
      if (lagTimer) clearInterval(lagTimer);
      flush();
      await confirmChain;
      if (service) await stopService(service, serviceConnected);
      await loop?.catch(() => {});
      state = 'stopped';
    },
  };
}

/**
 * Ends a replication service: awaited once its connection is made (the WAL sender is gone when this
 * returns, so the slot is free for the next capture); not awaited while it still connects, because
 * ending a client mid-connect settles only when the connection attempt does (up to its timeout).
 */
async function stopService(svc: LogicalReplicationService, connected: boolean): Promise<void> {
  const stopping = svc.destroy().catch(() => {});
  if (connected) await stopping;
}

/** the replication connection's socket: paused for backpressure, as the library's own flow control does (not public) */
function socketOf(svc: LogicalReplicationService): { pause?(): void; resume?(): void } | undefined {
  return (svc as unknown as { _connection?: { stream?: { pause?(): void; resume?(): void } } })._connection?.stream;
}

/**
 * PostgreSQL refusals only an operator can lift: no free replication slot or WAL sender (53xxx),
 * missing privileges (42501), a missing object (42P01, 42704), a server in the wrong state (55000).
 * Retrying them would only hide them. A slot still held by a previous process (55006, e.g. right
 * after a kill -9) is retried: its WAL sender ends when it notices the closed connection.
 */
const OPERATOR_SQLSTATES = new Set(['42501', '42P01', '42704', '55000']);

function isOperatorError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err) || typeof (err as { code: unknown }).code !== 'string') return false;
  const code = (err as { code: string }).code;
  return code.startsWith('TALLY_ERR_CDC_') || code.startsWith('53') || OPERATOR_SQLSTATES.has(code);
}
