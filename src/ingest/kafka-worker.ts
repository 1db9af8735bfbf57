// The Kafka worker: a consumer group member that reads events in batches and stores them through
// the batcher (group commit, dedup by event_id), committing offsets only after the insert returned.
//   - A batch is cut at `batchSize` messages or `flushIntervalMs` after its first message.
//   - Batches are stored in parallel with reading the next ones, at most `maxInFlightBatches` at a
//     time: beyond that the consumer pauses (the store is behind) and resumes when one is committed.
//     Offsets are committed in batch order, so a commit never covers an event not yet stored.
//   - Store errors are retried with exponential backoff and jitter, forever (the batch is never dropped);
//     rows the engine refuses as data are isolated by halving the batch and dead-lettered alone.
//   - Undecodable or invalid messages go to `<topic>.dlq` with the reason code in headers before
//     the batch's offsets are committed; they are counted by reason.
//   - A redelivered message (after a crash, a rebalance, a failed commit) carries the same event_id
//     and the batcher drops it: it never changes a count.
//   - Shutdown (and a rebalance) cuts the partial batch at once; shutdown waits for the batches in
//     flight to be stored and committed, then leaves the group.
// It never commits an offset before the insert of every event up to it has returned.

import { MessagesStreamFallbackModes, MessagesStreamModes, type CommitOptionsPartition, type Consumer, type Message, type MessagesStream, type Producer } from '@platformatic/kafka';
import { ProduceAcks } from '@platformatic/kafka';
import type { PersonSnapshot, ValidatedEvent } from './pipeline/index.ts';
import { formatMessage, isTallyError, type ErrorCode } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import type { Tracing } from '../observability/tracing.ts';
import type { CommitReceipt } from './batcher.ts';
import { isDataRefusal } from './store-refusal.ts';
import { retryWithBackoff } from '../retry.ts';
import { DLQ_HEADERS, DLQ_SUFFIX, EVENT_ID_HEADER, SCHEMA_HEADER, type DecodeOptions, type Decoded, type SkipReason } from './kafka-codec.ts';

export type WorkerMessage = Message<Buffer, Buffer, string, string>;
export type WorkerConsumer = Consumer<Buffer, Buffer, string, string>;
/** values are strings (rows) or raw bytes (dead letters) */
export type EventProducer = Producer<string, string | Buffer, string, string>;

export interface KafkaWorkerMetrics {
  onConsumed(topic: string, count: number): void;
  onDeadLetter(reason: string, count: number): void;
  /** messages neither stored nor dead-lettered (tombstones on change-capture topics) */
  onSkipped(topic: string, reason: SkipReason, count: number): void;
  onCommit(ok: boolean): void;
  onRetry(): void;
  onLag(partitions: ReadonlyArray<{ topic: string; partition: number; lag: number }>): void;
  onInFlight(batches: number, paused: boolean): void;
}

export interface KafkaWorkerOptions {
  readonly consumer: WorkerConsumer;
  /** writes dead letters */
  readonly producer: EventProducer;
  readonly topics: readonly string[];
  readonly sink: { submit(events: readonly ValidatedEvent[]): Promise<CommitReceipt> };
  readonly decode: ((topic: string, value: Buffer | undefined | null, schema: string | undefined, options?: DecodeOptions) => Decoded) & {
    /** loads the profiles a batch's plain and mapped messages are enriched with (kafka-codec.ts) */
    readonly prepare?: (messages: ReadonlyArray<{ readonly topic: string; readonly value: Buffer | undefined | null; readonly schema: string | undefined }>) => Promise<PersonSnapshot | undefined>;
  };
  /** reloads the app registry (rate-limited by the caller) before an unknown app is dead-lettered */
  readonly refreshApps?: () => Promise<void>;
  /** cut a batch at this many messages (BATCH_SIZE) */
  readonly batchSize: number;
  /** cut a batch this long after its first message (FLUSH_INTERVAL_MS) */
  readonly flushIntervalMs: number;
  /** batches stored but not committed before the consumer pauses (default 3) */
  readonly maxInFlightBatches: number;
  /** nominal first retry delay after a store error, doubled up to 30 s, with full jitter (default 500 ms) */
  readonly retryMs: number;
  /** on close, give up waiting for the store after this long; what is not committed is redelivered (default 30000 ms) */
  readonly shutdownTimeoutMs?: number;
  /** how often consumer lag is measured (default 5000 ms; 0 = never) */
  readonly lagIntervalMs?: number;
  readonly tracing?: Tracing;
  readonly metrics?: KafkaWorkerMetrics;
  /** counts messages read (analytics_events_consumed_total in a worker process) */
  readonly onReceived?: (count: number) => void;
  readonly logger?: Logger;
}

interface Item {
  readonly message: WorkerMessage;
  readonly event: ValidatedEvent;
}

interface DeadLetter {
  readonly message: WorkerMessage;
  readonly code: ErrorCode;
  readonly text: string;
}

const MAX_RETRY_MS = 30_000;
const COMMIT_TIMEOUT_MS = 10_000;
/** the most one fetch returns for a partition (Kafka's max.partition.fetch.bytes default) */
const FETCH_MAX_BYTES_PER_PARTITION = 1_048_576;
/** the consumer stream's key of a partition in offsetsToFetch / offsetsCommitted */
const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

export function createKafkaWorker(options: KafkaWorkerOptions) {
  const { consumer, producer, topics, sink, decode, refreshApps, batchSize, flushIntervalMs, maxInFlightBatches, retryMs, tracing, metrics, logger } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  const lagIntervalMs = options.lagIntervalMs ?? 5_000;

  let stream: MessagesStream<Buffer, Buffer, string, string> | undefined;
  let pending: WorkerMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lagTimer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let paused = false;
  let closing = false;
  let abandoned = false;
  /** a batch was given up (shutdown timeout): no later offset may be committed past it */
  let broken = false;
  let restarting: Promise<void> | undefined;
  let storedEvents = 0;

  function report(): void {
    metrics?.onInFlight(inFlight, paused);
  }

  async function deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    const messages = letters.map(({ message, code, text }) => ({
      topic: `${message.topic}${DLQ_SUFFIX}`,
      key: message.key?.toString('utf8'),
      value: message.value ?? Buffer.alloc(0),
      headers: {
        ...Object.fromEntries(message.headers),
        [DLQ_HEADERS.reason]: code,
        [DLQ_HEADERS.message]: text.slice(0, 1000),
        [DLQ_HEADERS.topic]: message.topic,
        [DLQ_HEADERS.partition]: String(message.partition),
        [DLQ_HEADERS.offset]: String(message.offset),
      },
    }));
    await retrying('dead-letter produce', () => producer.send({ messages, acks: ProduceAcks.ALL }));
    const byCode = new Map<string, number>();
    for (const l of letters) byCode.set(l.code, (byCode.get(l.code) ?? 0) + 1);
    for (const [code, n] of byCode) metrics?.onDeadLetter(code, n);
  }

  /** Runs `fn` until it succeeds, backing off; throws only once shutdown gave up. */
  function retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return retryWithBackoff(fn, {
      baseDelayMs: retryMs,
      maxDelayMs: MAX_RETRY_MS,
      shouldRetry: () => !abandoned,
      onRetry: (err, delayMs) => {
        metrics?.onRetry();
        logger?.warn({ err, retryInMs: delayMs }, `${what} failed; retrying`);
      },
    });
  }

  /** Stores the items; rows the engine refuses as data are found by halving and dead-lettered. */
  async function store(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await sink.submit(items.map((i) => i.event));
      storedEvents += items.length;
    } catch (err) {
      if (!isDataRefusal(err)) throw err;
      if (items.length === 1) {
        const cause = isTallyError(err) ? err.cause : err;
        const text = formatMessage('TALLY_ERR_KAFKA_BAD_ROW', [cause instanceof Error ? cause.message.slice(0, 300) : 'refused by the store']);
        await deadLetter([{ message: items[0].message, code: 'TALLY_ERR_KAFKA_BAD_ROW', text }]);
        return;
      }
      const half = Math.ceil(items.length / 2);
      await store(items.slice(0, half));
      await store(items.slice(half));
    }
  }

  async function processBatch(messages: readonly WorkerMessage[]): Promise<void> {
    const items: Item[] = [];
    let dead: DeadLetter[] = [];
    const traceparents: string[] = [];
    const byTopic = new Map<string, number>();
    const skipped = new Map<string, { topic: string; reason: SkipReason; count: number }>();
    // the batch's profiles, one query for the misses (a failure only leaves events without them)
    const persons = decode.prepare
      ? await decode.prepare(messages.map((m) => ({ topic: m.topic, value: m.value, schema: m.headers.get(SCHEMA_HEADER) }))).catch((err: unknown) => {
          logger?.warn({ err }, 'profiles could not be loaded; events stored without role and tenure');
          return undefined;
        })
      : undefined;
    for (const message of messages) {
      byTopic.set(message.topic, (byTopic.get(message.topic) ?? 0) + 1);
      const tp = message.headers.get('traceparent');
      if (tp) traceparents.push(tp);
      const d = decode(message.topic, message.value, message.headers.get(SCHEMA_HEADER), { eventId: message.headers.get(EVENT_ID_HEADER), persons });
      if (d.ok) items.push({ message, event: d.event });
      else if ('skip' in d) {
        const key = `${message.topic}\u0000${d.skip}`;
        const s = skipped.get(key) ?? { topic: message.topic, reason: d.skip, count: 0 };
        s.count++;
        skipped.set(key, s);
      } else dead.push({ message, code: d.code, text: d.message });
    }
    for (const [topic, n] of byTopic) metrics?.onConsumed(topic, n);
    for (const s of skipped.values()) metrics?.onSkipped(s.topic, s.reason, s.count);
    options.onReceived?.(messages.length);
    if (refreshApps && dead.some((d) => d.code === 'TALLY_ERR_APP_UNKNOWN')) {
      await refreshApps().catch((err: unknown) => logger?.warn({ err }, 'app registry reload failed'));
      const again = dead;
      dead = [];
      for (const d of again) {
        const r = d.code === 'TALLY_ERR_APP_UNKNOWN' ? decode(d.message.topic, d.message.value, d.message.headers.get(SCHEMA_HEADER), { eventId: d.message.headers.get(EVENT_ID_HEADER), persons }) : undefined;
        if (r?.ok) items.push({ message: d.message, event: r.event });
        else dead.push(r && !r.ok && 'code' in r ? { message: d.message, code: r.code, text: r.message } : d);
      }
    }
    const span = tracing?.startConsume(topics.join(','), traceparents, messages.length);
    try {
      if (dead.length > 0) await deadLetter(dead);
      const insert = span?.startStore(items.length);
      await retrying('store insert', () => store(items)).catch((err: unknown) => {
        insert?.end(err);
        throw err;
      });
      insert?.end();
      span?.end();
    } catch (err) {
      span?.end(err);
      throw err;
    }
  }

  /** Resolves when `commits` settle, rejects after COMMIT_TIMEOUT_MS: a commit on a stream that
   * was torn down must not block the batches behind it. */
  async function bounded(commits: Promise<unknown>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        commits,
        new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error(`commit not answered in ${COMMIT_TIMEOUT_MS} ms`)), COMMIT_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }

  /**
   * Commits past the batch: each partition's last message + 1, then, where the consumer's
   * position (`positions`, taken when every message read had been delivered) is further on, that
   * position. Only control records (transaction markers) and aborted records lie between the two:
   * without it, the group's offset would stop short of a trailing marker and lag never return to 0.
   */
  async function commit(messages: readonly WorkerMessage[], positions: ReadonlyMap<string, bigint> | undefined): Promise<void> {
    const last = new Map<string, WorkerMessage>();
    for (const m of messages) {
      const key = partitionKey(m.topic, m.partition);
      const seen = last.get(key);
      if (!seen || seen.offset < m.offset) last.set(key, m);
    }
    const beyond: CommitOptionsPartition[] = [];
    for (const [key, m] of last) {
      const position = positions?.get(key);
      if (position !== undefined && position > m.offset + 1n) beyond.push({ topic: m.topic, partition: m.partition, offset: position, leaderEpoch: m.leaderEpoch });
    }
    try {
      await bounded(Promise.all([...last.values()].map((m) => m.commit())));
      if (beyond.length > 0) await bounded(consumer.commit({ offsets: beyond }));
      metrics?.onCommit(true);
    } catch (err) {
      // the events are stored: a failed commit only means they are redelivered and dropped as duplicates
      metrics?.onCommit(false);
      logger?.warn({ err }, 'offset commit failed; the batch will be redelivered and deduplicated');
    }
  }

  /**
   * The consumer's position per partition (`topic:partition` → the next offset it reads, past any
   * control record), or undefined unless every message read so far has reached onMessage (none
   * waits in the stream's buffer). Called from timers only, never while a fetch is being pushed.
   */
  function positionsAtRest(): ReadonlyMap<string, bigint> | undefined {
    if (!stream || stream.readableLength > 0) return undefined;
    return new Map(stream.offsetsToFetch);
  }

  /** While idle (every batch stored and committed), commits positions that moved past the
   * committed offsets without a message: a transaction marker read alone. */
  function commitIdlePositions(): void {
    if (closing || broken || inFlight > 0 || pending.length > 0 || !stream || !consumer.isActive()) return;
    const positions = positionsAtRest();
    if (!positions) return;
    const committed = stream.offsetsCommitted;
    const offsets: CommitOptionsPartition[] = [];
    for (const a of consumer.assignments ?? []) {
      for (const partition of a.partitions) {
        const key = partitionKey(a.topic, partition);
        const position = positions.get(key);
        const done = committed.get(key);
        // nothing committed yet on a partition that held only markers and aborted records: at rest,
        // everything before the position was read and stored, so the position may be committed too
        if (position !== undefined && position > (done ?? 0n)) offsets.push({ topic: a.topic, partition, offset: position, leaderEpoch: -1 });
      }
    }
    if (offsets.length === 0) return;
    // in the chain: a batch cut meanwhile commits after this, never before
    chain = chain.then(async () => {
      try {
        await bounded(consumer.commit({ offsets }));
        metrics?.onCommit(true);
      } catch (err) {
        metrics?.onCommit(false);
        logger?.warn({ err }, 'committing the position past transaction markers failed; retried when idle');
      }
    });
  }

  /** `atRest`: called from a timer or at shutdown, not from onMessage (which may run while a
   * fetch response is being pushed, when the position is ahead of the messages delivered) */
  function cut(atRest = false): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const positions = atRest ? positionsAtRest() : undefined;
    const messages = pending;
    pending = [];
    const stored = processBatch(messages);
    stored.catch(() => {}); // awaited in order by the chain below
    inFlight++;
    if (inFlight >= maxInFlightBatches && !paused && stream) {
      paused = true;
      stream.pause();
    }
    report();
    chain = chain
      .then(async () => {
        await stored;
        if (!broken) await commit(messages, positions);
      })
      .catch((err: unknown) => {
        broken = true;
        logger?.warn({ err, messages: messages.length }, 'batch abandoned at shutdown; it will be redelivered');
      })
      .finally(() => {
        inFlight--;
        if (paused && inFlight < maxInFlightBatches && !closing) {
          paused = false;
          stream?.resume();
        }
        report();
      });
  }

  function onMessage(message: WorkerMessage): void {
    pending.push(message);
    if (pending.length >= batchSize) cut();
    else if (!timer) timer = setTimeout(() => cut(true), flushIntervalMs);
  }

  async function measureLag(): Promise<void> {
    const assignments = consumer.assignments ?? [];
    if (assignments.length === 0 || !consumer.isActive()) return;
    const [latest, committed] = await Promise.all([
      consumer.listOffsets({ topics: assignments.map((a) => a.topic) }),
      consumer.listCommittedOffsets({ topics: assignments }),
    ]);
    const out: Array<{ topic: string; partition: number; lag: number }> = [];
    for (const a of assignments) {
      for (const partition of a.partitions) {
        const end = latest.get(a.topic)?.[partition];
        if (end === undefined) continue;
        const done = committed.get(a.topic)?.[partition];
        out.push({ topic: a.topic, partition, lag: Number(done === undefined || done < 0n ? end : end - done) });
      }
    }
    metrics?.onLag(out);
  }

  function scheduleLag(): void {
    if (lagIntervalMs <= 0 || closing) return;
    lagTimer = setTimeout(() => {
      commitIdlePositions();
      measureLag()
        .catch((err: unknown) => logger?.debug({ err }, 'consumer lag not measured'))
        .finally(scheduleLag);
    }, lagIntervalMs);
    lagTimer.unref();
  }

  async function openStream(): Promise<void> {
    const s = await consumer.consume({
      topics: [...topics],
      autocommit: false,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      maxWaitTime: Math.min(500, Math.max(10, flushIntervalMs)),
      highWaterMark: Math.max(1024, Math.min(batchSize, 50_000)),
      // Kafka's own consumers fetch at most 1 MiB a partition (max.partition.fetch.bytes); this
      // client's default is the whole fetch's 50 MiB, which it decodes before the first message
      // is read: 1.8 s of waiting and a heap of messages on a backlog of 300,000 rows
      maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
    });
    stream = s;
    s.on('data', onMessage);
    s.on('error', (err: Error) => {
      if (closing || stream !== s) return;
      logger?.warn({ err }, 'consumer stream failed; reopening it');
      restart(s);
    });
    s.on('close', () => {
      if (!closing && stream === s) restart(s);
    });
    if (paused) s.pause();
  }

  function restart(old: MessagesStream<Buffer, Buffer, string, string>): void {
    if (restarting || closing) return;
    cut();
    restarting = (async () => {
      await old.close().catch(() => {});
      if (closing) return;
      // a rejoin is not tried once closing, even after a wait
      await retryWithBackoff(async () => (closing ? undefined : openStream()), {
        baseDelayMs: retryMs,
        maxDelayMs: MAX_RETRY_MS,
        shouldRetry: () => !closing,
        onRetry: (err, delayMs) => logger?.warn({ err, retryInMs: delayMs }, 'consumer could not rejoin; retrying'),
      }).catch(() => {}); // only once closing: the worker is going away
    })().finally(() => {
      restarting = undefined;
    });
  }

  return {
    /** Joins the group and starts consuming; resolves once the stream is open. */
    async start(): Promise<void> {
      consumer.on('consumer:group:rebalance', () => cut());
      await openStream();
      scheduleLag();
    },

    /** Events stored by this worker so far (duplicates included: the batcher counts those). */
    stats(): { storedEvents: number; pendingMessages: number; inFlightBatches: number; paused: boolean } {
      return { storedEvents, pendingMessages: pending.length, inFlightBatches: inFlight, paused };
    },

    /** Stops reading, stores and commits what was read, then leaves the group. */
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      if (lagTimer) clearTimeout(lagTimer);
      stream?.pause();
      await restarting;
      cut(true);
      let giveUp: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        giveUp = setTimeout(() => {
          abandoned = true;
          logger?.warn({ inFlight }, 'shutdown: the store did not take the last batches in time; they will be redelivered');
          resolve();
        }, shutdownTimeoutMs);
      });
      await Promise.race([chain, deadline]);
      clearTimeout(giveUp);
      await stream?.close().catch((err: unknown) => logger?.warn({ err }, 'closing the consumer stream failed'));
      await consumer.close(true).catch((err: unknown) => logger?.warn({ err }, 'leaving the consumer group failed'));
    },
  };
}

export type KafkaWorker = ReturnType<typeof createKafkaWorker>;
