// The composition root of `tally worker`: a Kafka consumer group member that stores events into
// the configured store (a ClickHouse server or cluster, so several workers scale out; or the
// embedded store when no `tally serve` owns it). No HTTP API, only metrics. Shutdown stops reading,
// stores and commits what was read, flushes the batcher and only then closes the store.

import type { Config } from './config/index.ts';
import { createSchemaRegistry, loadGeoLookup } from './event/index.ts';
import { createPeople } from './people/index.ts';
import { batcherLimits, createBatcher, createConfiguredPipeline, startKafkaWorker, type KafkaWorker } from './ingest/index.ts';
import { createLogger, createMetrics, startMetricsServer, startTraceExport, type Logger } from './observability/index.ts';
import { createAppRegistry } from './access/index.ts';
import { migrate, openOwnedStore, type StoreConnection } from './store/index.ts';
import { resolveInstallSecret, scrubberFor } from './privacy/index.ts';

export interface WorkerProcess {
  readonly worker: KafkaWorker;
  readonly metricsPort: number;
  readonly logger: Logger;
  close(): Promise<void>;
}

export async function startWorkerProcess(config: Config, options: { readonly logger?: Logger } = {}): Promise<WorkerProcess> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // spans over OTLP when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; flushed last on close
  const traces = startTraceExport(config.tracing, logger);
  const store: StoreConnection = await openOwnedStore(config.store, config.dataDir);
  try {
    await migrate(store);
    const apps = createAppRegistry(store);
    await apps.load();
    const metrics = createMetrics({ collectProcessMetrics: true });
    const batcher = createBatcher({
      store: store.lane('ingest'),
      ...batcherLimits(config),
      metrics: metrics.batcher,
      logger,
    });
    // rows from ingest nodes are already scrubbed; plain wire events (seed 003 producers) and
    // change-capture rows go through the ingest pipeline here, with the same privacy rules
    const p = config.privacy;
    const scrub = scrubberFor(p, () => resolveInstallSecret(config));
    const schemas = createSchemaRegistry({ store, metrics: metrics.schemas });
    await schemas.load();
    // the same enrichment as HTTP ingest: geography, and the profiles (cached; a miss is loaded in the background)
    const geoLookup = config.enrichment.geoip ? loadGeoLookup() : undefined;
    const people = createPeople({ store, cache: { maxEntries: config.enrichment.profileCacheEntries, ttlMs: config.enrichment.profileCacheTtlMs, onError: (err) => logger.warn({ err }, 'profiles could not be loaded') } });
    const pipeline = createConfiguredPipeline(config, { apps, schemas, scrub, geoLookup, persons: people.cache });
    const worker = await startKafkaWorker({
      kafka: config.kafka,
      registry: metrics.registry,
      logger,
      sink: batcher,
      pipeline,
      apps,
      batchSize: config.batchSize,
      flushIntervalMs: config.flushIntervalMs,
      onReceived: (n) => metrics.ingest.onReceived(n),
    });
    const metricsServer = await startMetricsServer(metrics.registry, config.metricsPort, config.host);
    let closed: Promise<void> | undefined;
    return {
      worker,
      metricsPort: metricsServer.port,
      logger,
      close() {
        closed ??= (async () => {
          await worker.close();
          await batcher.close();
          await metricsServer.close();
          await store.close();
          await traces?.shutdown();
          logger.info('tally worker stopped');
        })();
        return closed;
      },
    };
  } catch (err) {
    await store.close().catch(() => {});
    await traces?.shutdown();
    throw err;
  }
}
