// Builds change capture from the parts of a running Tally: its ingest service (the one pipeline),
// its quarantine, its store (snapshot progress) and its metrics registry. `tally serve` (embedded
// store) and `tally cdc` both start capture through here.

import type { Registry } from 'prom-client';
import type { CdcConfig, KafkaConfig } from '../../config/index.ts';
import { createEventProducer } from '../../ingest/kafka-pipeline.ts';
import type { IngestPipeline, IngestService, QuarantineSink } from '../../ingest/index.ts';
import type { Logger } from '../../observability/index.ts';
import { createCdcMetrics } from '../../observability/cdc-metrics.ts';
import type { StoreConnection } from '../../store/index.ts';
import { createPostgresCapture, type PostgresCapture } from './capture.ts';
import { createKafkaChangeSink } from './kafka-sink.ts';
import { createIngestSink } from './sink.ts';

export interface CaptureParts {
  readonly config: CdcConfig;
  readonly ingest: Pick<IngestService, 'ingest'>;
  readonly quarantine: QuarantineSink;
  readonly store: StoreConnection;
  readonly registry: Registry;
  readonly logger: Logger;
  /** the app registry: mapped apps are created when missing */
  readonly apps?: { has(appId: string): boolean; create(appId: string): Promise<unknown> };
  readonly batchRows?: number;
  readonly flushIntervalMs?: number;
  /** the stream pauses while this many rows wait for the store (default 50000) */
  readonly maxPendingRows?: number;
  readonly lagIntervalMs?: number;
  /** rows per snapshot page (default 2000) */
  readonly snapshotPageRows?: number;
  /** TALLY_INGEST=kafka: rows are produced to their tables' topics instead of stored here */
  readonly kafka?: KafkaConfig;
  /** the ingest pipeline: in Kafka mode, rows it refuses are quarantined here instead of produced */
  readonly pipeline?: IngestPipeline;
}

export function composePostgresCapture(parts: CaptureParts): PostgresCapture {
  const { config, logger } = parts;
  const metrics = createCdcMetrics(parts.registry);
  const producer = parts.kafka ? createEventProducer(parts.kafka, 'cdc') : undefined;
  const counted = (table: string, kind: string, c: { stored: number; duplicates: number; quarantined: number; ignored: number }) => {
    metrics.onRows(table, kind, 'stored', c.stored);
    metrics.onRows(table, kind, 'duplicate', c.duplicates);
    metrics.onRows(table, kind, 'quarantined', c.quarantined);
    metrics.onRows(table, kind, 'ignored', c.ignored);
  };
  const capture = createPostgresCapture({
    config,
    store: parts.store,
    logger,
    metrics,
    batchRows: parts.batchRows,
    flushIntervalMs: parts.flushIntervalMs,
    maxPendingRows: parts.maxPendingRows,
    lagIntervalMs: parts.lagIntervalMs,
    snapshotPageRows: parts.snapshotPageRows,
    ensureApps: parts.apps
      ? async (ids) => {
          for (const id of ids) {
            if (parts.apps?.has(id)) continue;
            await parts.apps?.create(id);
            logger.info({ appId: id }, 'change capture: created the mapped app (create its keys with POST /v1/apps/{app_id}/keys)');
          }
        }
      : undefined,
    sink: (keyColumns, isStopped) => {
      const events = createIngestSink({ ingest: parts.ingest, quarantine: parts.quarantine, keyColumns, retryMs: config.retryMs, isStopped, onRetry: () => metrics.onRetry('store'), onCounts: counted, logger });
      if (!producer) return events;
      return createKafkaChangeSink({ producer, events, quarantine: parts.quarantine, pipeline: parts.pipeline, keyColumns, retryMs: config.retryMs, isStopped, onRetry: () => metrics.onRetry('produce'), onCounts: counted, logger });
    },
  });
  if (!producer) return capture;
  return {
    ...capture,
    async close() {
      await capture.close();
      await producer.close().catch((err: unknown) => logger.warn({ err }, 'closing the change-capture producer failed'));
    },
  };
}
