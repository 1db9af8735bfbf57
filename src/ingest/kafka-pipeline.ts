// Builds the Kafka side of a process from the configuration: the ingest sink (HTTP → Kafka) and
// the worker (Kafka → store). `tally serve` with TALLY_INGEST=kafka uses the sink, and also runs
// the worker in process when the store is embedded (its engine has one owner process);
// `tally worker` runs only the worker. Clients are created here and closed by what is returned.

import {
  Consumer,
  Producer,
  stringDeserializer,
  stringSerializer,
  type Deserializer,
  type Serializer,
} from '@platformatic/kafka';
import type { Registry } from 'prom-client';
import type { Config, KafkaConfig } from '../config/index.ts';
import type { Logger } from '../observability/index.ts';
import { createKafkaMetrics, type KafkaMetrics } from '../observability/kafka-metrics.ts';
import { createTracing, type Tracing } from '../observability/tracing.ts';
import type { CommitReceipt } from './batcher.ts';
import { createKafkaDecoder, DLQ_SUFFIX } from './kafka-codec.ts';
import { createKafkaSink, type KafkaSink } from './kafka-sink.ts';
import { createKafkaWorker, type EventProducer, type KafkaWorker, type WorkerConsumer } from './kafka-worker.ts';
import type { IngestPipeline, ValidatedEvent } from './pipeline/index.ts';

const valueSerializer: Serializer<string | Buffer> = (data) => (data === undefined ? undefined : typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
const headerDeserializer = stringDeserializer as Deserializer<string>;

/** a produce call retries for about this long while a broker restarts or a leader moves */
const PRODUCE_RETRY_DELAY_MS = 250;

function clientBase(kafka: KafkaConfig, role: string) {
  return {
    clientId: `${kafka.clientId}-${role}`,
    bootstrapBrokers: [...kafka.bootstrapServers],
    connectTimeout: 5_000,
    timeout: 10_000,
    autocreateTopics: true,
  };
}

export function createEventProducer(kafka: KafkaConfig, role = 'producer'): EventProducer {
  return new Producer<string, string | Buffer, string, string>({
    ...clientBase(kafka, role),
    retries: Math.max(3, Math.ceil(kafka.produceTimeoutMs / PRODUCE_RETRY_DELAY_MS)),
    retryDelay: PRODUCE_RETRY_DELAY_MS,
    acks: -1,
    compression: kafka.compression,
    serializers: { key: stringSerializer, value: valueSerializer, headerKey: stringSerializer, headerValue: stringSerializer },
  });
}

export function createEventConsumer(kafka: KafkaConfig): WorkerConsumer {
  return new Consumer<Buffer, Buffer, string, string>({
    ...clientBase(kafka, 'worker'),
    groupId: kafka.groupId,
    retries: 20,
    retryDelay: 500,
    sessionTimeout: kafka.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(kafka.sessionTimeoutMs / 5)),
    rebalanceTimeout: Math.max(kafka.sessionTimeoutMs, 30_000),
    deserializers: { headerKey: headerDeserializer, headerValue: headerDeserializer },
  });
}

export interface KafkaIngestDeps {
  readonly kafka: KafkaConfig;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly tracing?: Tracing;
  readonly kafkaMetrics?: KafkaMetrics;
}

export interface KafkaIngest {
  readonly sink: KafkaSink;
  close(): Promise<void>;
}

/** The HTTP → Kafka side: a producer and the sink the ingest service submits to. */
export function startKafkaIngest(deps: KafkaIngestDeps): KafkaIngest {
  const { kafka, logger } = deps;
  const metrics = deps.kafkaMetrics ?? createKafkaMetrics(deps.registry);
  const producer = createEventProducer(kafka, 'ingest');
  const sink = createKafkaSink({
    producer,
    topic: kafka.topic,
    lingerMs: kafka.lingerMs,
    concurrency: kafka.produceConcurrency,
    maxInFlightEvents: kafka.maxInFlightEvents,
    produceTimeoutMs: kafka.produceTimeoutMs,
    tracing: deps.tracing ?? createTracing(),
    metrics: metrics.sink,
    logger,
  });
  return {
    sink,
    async close() {
      await sink.close();
      await producer.close().catch((err: unknown) => logger.warn({ err }, 'closing the Kafka producer failed'));
    },
  };
}

/** what a worker checks messages with */
export interface WorkerChecks {
  /** the one ingest pipeline: plain wire events and change-capture rows go through it */
  readonly pipeline: IngestPipeline;
  /** the app registry the pipeline reads, reloaded before an unknown app is dead-lettered */
  readonly apps: { load(): Promise<void> };
}

export interface KafkaWorkerDeps extends KafkaIngestDeps, WorkerChecks {
  /** where decoded events go: the batcher (group commit + dedup by event_id) */
  readonly sink: { submit(events: readonly ValidatedEvent[]): Promise<CommitReceipt> };
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly onReceived?: (count: number) => void;
  /** how often consumer lag is measured (default 5000 ms) */
  readonly lagIntervalMs?: number;
  /** on close, how long to wait for the store (default 30000 ms) */
  readonly shutdownTimeoutMs?: number;
}

/** the app registry is reloaded at most this often when a message names an unknown app */
const APP_RELOAD_MS = 5_000;

/** The Kafka → store side: joins the group and consumes KAFKA_TOPIC and every mapped topic. */
export async function startKafkaWorker(deps: KafkaWorkerDeps): Promise<KafkaWorker> {
  const { kafka, logger, apps } = deps;
  const metrics = deps.kafkaMetrics ?? createKafkaMetrics(deps.registry);
  const consumer = createEventConsumer(kafka);
  const producer = createEventProducer(kafka, 'dead-letters');
  let lastReload = Date.now();
  const worker = createKafkaWorker({
    consumer,
    producer,
    topics: [kafka.topic, ...kafka.mappings.map((m) => m.topic)],
    sink: deps.sink,
    decode: createKafkaDecoder({ pipeline: deps.pipeline, mappings: kafka.mappings }),
    refreshApps: async () => {
      if (Date.now() - lastReload < APP_RELOAD_MS) return;
      lastReload = Date.now();
      await apps.load();
    },
    batchSize: deps.batchSize,
    flushIntervalMs: deps.flushIntervalMs,
    maxInFlightBatches: kafka.workerMaxInFlightBatches,
    retryMs: kafka.workerRetryMs,
    tracing: deps.tracing ?? createTracing(),
    metrics: metrics.worker,
    onReceived: deps.onReceived,
    lagIntervalMs: deps.lagIntervalMs,
    shutdownTimeoutMs: deps.shutdownTimeoutMs,
    logger,
  });
  try {
    await worker.start();
  } catch (err) {
    await consumer.close(true).catch(() => {});
    await producer.close().catch(() => {});
    throw err;
  }
  logger.info({ topics: [kafka.topic, ...kafka.mappings.map((m) => m.topic)], groupId: kafka.groupId, deadLetters: `${kafka.topic}${DLQ_SUFFIX}` }, 'kafka worker consuming');
  return {
    ...worker,
    async close() {
      await worker.close();
      await producer.close().catch((err: unknown) => logger.warn({ err }, 'closing the dead-letter producer failed'));
    },
  };
}

export interface KafkaPipelineDeps extends WorkerChecks {
  readonly config: Pick<Config, 'kafka' | 'store' | 'batchSize' | 'flushIntervalMs'>;
  /** the batcher: the in-process worker stores through it */
  readonly batcher: { submit(events: readonly ValidatedEvent[]): Promise<CommitReceipt> };
  readonly registry: Registry;
  readonly logger: Logger;
}

export interface KafkaPipeline {
  /** what HTTP ingest submits to */
  readonly sink: KafkaSink;
  /** the in-process worker, once started (embedded store only) */
  readonly worker: () => KafkaWorker | undefined;
  /** joins the consumer group when this process owns the store (embedded) or TALLY_KAFKA_WORKER=on;
   * cleans up after itself on failure */
  start(): Promise<void>;
  /** answers in-flight produce calls, then stores and commits what the worker read */
  close(): Promise<void>;
}

/** `tally serve` with TALLY_INGEST=kafka: the sink, plus the worker when the store is embedded
 * (or TALLY_KAFKA_WORKER says otherwise). */
export function createKafkaPipeline(deps: KafkaPipelineDeps): KafkaPipeline {
  const { config, logger } = deps;
  const kafkaMetrics = createKafkaMetrics(deps.registry);
  const tracing = createTracing();
  const ingest = startKafkaIngest({ kafka: config.kafka, registry: deps.registry, logger, tracing, kafkaMetrics });
  let worker: KafkaWorker | undefined;
  return {
    sink: ingest.sink,
    worker: () => worker,
    async start() {
      const mode = config.kafka.inProcessWorker;
      if (mode === 'off' || (mode === 'auto' && config.store.kind !== 'embedded')) return;
      try {
        worker = await startKafkaWorker({
          kafka: config.kafka,
          registry: deps.registry,
          logger,
          tracing,
          kafkaMetrics,
          sink: deps.batcher,
          pipeline: deps.pipeline,
          apps: deps.apps,
          batchSize: config.batchSize,
          flushIntervalMs: config.flushIntervalMs,
        });
      } catch (err) {
        await ingest.close();
        throw err;
      }
    },
    async close() {
      await ingest.close();
      await worker?.close();
    },
  };
}
