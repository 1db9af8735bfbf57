// The composition root: builds every part from the configuration, in dependency order, and
// takes them down in reverse. Every part is built after what it needs (no part receives a callback
// into one that does not exist yet): store → access (apps, keys, rate limits) → privacy (install
// secret, scrubber, retention, write gate, audit log) → ingest (batcher behind the write gate) →
// erasures (which drain the batcher) → raw SQL → schemas, quarantine, pipeline → API.
// Shutdown stops accepting requests, lets in-flight ones finish, flushes the batcher and only then
// closes the store.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.ts';
import { formatMessage } from './errors.ts';
import { buildApp, createAuthenticator, type TrustServices } from './api/index.ts';
import { createSchemaRegistry, loadGeoLookup, type SchemaRegistry } from './event/index.ts';
import { createPeople, type People } from './people/index.ts';
import { createRealtimeMetrics, startPropertyColumnRefresh } from './query/index.ts';
import { builtInJobs } from './job-definitions.ts';
import { batcherLimits, createBatcher, openIngestLog, createConfiguredPipeline, createIngestService, createQuarantineReplay, createQuarantineWriter, type Batcher, type IngestPipeline, type IngestService, type QuarantineWriter } from './ingest/index.ts';
import { createLogger, createMetrics, startMetricsServer, type Logger, type Metrics } from './observability/index.ts';
import { createKafkaPipeline } from './ingest/kafka-pipeline.ts';
import { composePostgresCapture, readSlotStatus, type PostgresCapture } from './sources/index.ts';
import { createAppRegistry, createKeyStore, createRateLimiter, type AppRegistry } from './access/index.ts';
import { applyRetention, createAuditLog, createErasureService, resolveInstallSecret, scrubberFor } from './privacy/index.ts';
import { createRawQueryRunner, loadSqlPolicy } from './query/raw/index.ts';
import { createDataVersions, createWriteGate, withReadBarrier, migrate, openOwnedStore, type StoreConnection } from './store/index.ts';
import { createJobService, serveRunsSchedules, type JobService } from './jobs/index.ts';
import { createLearnerTokens } from './learning/index.ts';
import { createSinkService, type SinkService } from './sinks/index.ts';
import { createAlertService, createSlowQueryLog, type AlertService } from './alerts/index.ts';
import { startTraceExport } from './observability/index.ts';

export interface Tally {
  readonly config: Config;
  readonly store: StoreConnection;
  readonly apps: AppRegistry;
  readonly batcher: Batcher;
  readonly schemas: SchemaRegistry;
  readonly quarantine: QuarantineWriter;
  /** the one ingest pipeline every source in this process calls */
  readonly pipeline: IngestPipeline;
  readonly ingest: IngestService;
  /** keys, rate limits, raw SQL, erasures, audit log (what the API is given) */
  readonly trust: TrustServices;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly app: FastifyInstance;
  readonly adminToken: string;
  /** the API's bound port (useful with TALLY_PORT=0) */
  readonly port: number;
  readonly metricsPort: number;
  /** scheduled jobs: the scheduler, manual runs */
  readonly jobs: JobService;
  /** user profiles (identify) and the cache ingest enriches events from */
  readonly people: People;
  /** export sinks: registry, syncs, status */
  readonly sinks: SinkService;
  /** alert rules, the built-in pipeline rules, webhook delivery */
  readonly alerts: AlertService;
  close(): Promise<void>;
}

export interface StartOptions {
  /** listen on HTTP (default true); false for app.inject()-only tests and the demo loader */
  readonly listen?: boolean;
  readonly logger?: Logger;
  /** where the one-time admin token notice goes (default stderr) */
  readonly announce?: (line: string) => void;
  /** wraps the store connection (benchmarks record the SQL the API runs) */
  readonly wrapStore?: (conn: StoreConnection) => StoreConnection;
  /** run Postgres change capture in this process (default: when TALLY_CDC_URL is set and the store is embedded; `tally cdc` forces it) */
  readonly capture?: boolean;
}

/** TALLY_ADMIN_TOKEN, or the token stored under the data dir, or a new one (stored 0600, announced once). */
export function resolveAdminToken(config: Config, announce: (line: string) => void): string {
  if (config.adminToken) return config.adminToken;
  const file = path.join(config.dataDir, 'admin.token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const token = `tly_admin_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  announce(`Admin token (shown once; also stored in ${file}): ${token}`);
  return token;
}

export async function startTally(config: Config, options: StartOptions = {}): Promise<Tally> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const announce = options.announce ?? ((line: string) => process.stderr.write(line + '\n'));
  // spans exported over OTLP when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; flushed last on close
  const traces = startTraceExport(config.tracing, logger);
  let store: StoreConnection | undefined;
  let propertyColumns: { stop(): void } | undefined;
  try {
    const opened = await openOwnedStore(config.store, config.dataDir, {
      querySessions: config.querySessions,
      defaultQueryTimeoutMs: config.apiQueryTimeoutMs,
      onRecycle: (lane) => logger.debug({ lane }, 'engine session replaced after a failed statement'),
    });
    store = options.wrapStore ? options.wrapStore(opened) : opened;
    await migrate(store);
    await store.command(`ALTER TABLE events MODIFY SETTING fsync_after_insert = ${config.fsync ? 1 : 0}, fsync_part_directory = ${config.fsync ? 1 : 0}`).catch((err: unknown) => {
      // on a cluster `events` is a Distributed table: durability is set on the servers (docs/deploy.md)
      if (config.store.kind === 'embedded') throw err;
      logger.warn({ err }, 'fsync settings not applied to events; set them in the ClickHouse server configuration');
    });
    // on a server store other processes may materialize or drop properties (docs/storage.md)
    propertyColumns = startPropertyColumnRefresh(store, (err) => logger.warn({ err }, 'materialized property columns could not be read again'));
    const adminToken = resolveAdminToken(config, announce);
    // access: apps (their key hashes cached for authentication), keys, per-key rate limits
    const apps = createAppRegistry(store);
    await apps.load();
    const keys = createKeyStore(store, apps);
    const rateLimiter = createRateLimiter();
    const metrics = createMetrics({ collectProcessMetrics: options.listen !== false });
    // privacy, before ingest: events are scrubbed on the way in, retention rules are in place, and
    // ingest inserts through the write gate an erasure holds
    const installSecret = resolveInstallSecret(config);
    const scrubber = scrubberFor(config.privacy, () => installSecret);
    const retentionChanged = await applyRetention(store, config.retention);
    if (retentionChanged.length > 0) logger.info({ tables: retentionChanged }, 'retention rules applied');
    const gate = createWriteGate();
    const audit = createAuditLog(store, { onError: (err, dropped) => logger.error({ err, dropped }, 'audit rows could not be written; retrying') });
    // what the store holds, per app: kept answers (api/answer-cache.ts) are valid while it stands
    const versions = createDataVersions();
    // rejected events are kept (dead letters); it writes on the store itself, never behind the read barrier
    const quarantine = createQuarantineWriter({
      store,
      maxPayloadBytes: config.quarantineMaxPayloadBytes,
      flushIntervalMs: Math.min(config.flushIntervalMs, 50),
      metrics: metrics.quarantine,
      logger,
    });
    // durable ingest: with TALLY_INGEST=direct a local log acknowledges and loads the store behind
    // it (ingest/log); the Kafka consumer commits offsets only after its own inserts (the batcher)
    const ingestStore = gate.wrap(store.lane('ingest'));
    const ingestLog =
      config.ingest === 'direct'
        ? await openIngestLog({
            store: ingestStore,
            dir: path.join(config.dataDir, 'ingest-log'),
            fsync: config.fsync,
            loadEvents: config.batchSize,
            loadIntervalMs: config.flushIntervalMs,
            queueMaxEvents: config.queueMaxEvents,
            queueMaxBytes: config.queueMaxBytes,
            idFilter: config.store.kind === 'embedded',
            // answers move when events are acknowledged: a question asked after that waits at the
            // read barrier for them, so an answer kept under the new version includes them
            onLogged: (appIds) => versions.bump(appIds),
            onRefused: (rows) => quarantine.add(rows.map(({ row }) => ({ raw: JSON.parse(row) as unknown, code: 'TALLY_ERR_INGEST_UNSTORABLE' as const, message: formatMessage('TALLY_ERR_INGEST_UNSTORABLE'), receivedAtMs: Date.now() }))),
            metrics: metrics.batcher,
            logger,
          })
        : undefined;
    const batcher: Batcher = ingestLog ?? createBatcher({ store: ingestStore, ...batcherLimits(config), onStored: (appIds) => versions.bump(appIds), metrics: metrics.batcher, logger });
    // every reader sees every acknowledged event: a query first waits for the log's loader to pass
    // what was acknowledged before it (a bounded wait)
    if (ingestLog) store = withReadBarrier(store, ingestLog);
    // export sinks before erasures: an erasure removes the user from the sinks too
    const sinks = createSinkService({ store, config: config.sinks, registry: metrics.registry, logger });
    // user profiles (identify) and the cache ingest enriches events from; an erasure forgets the user's entry
    const people = createPeople({
      store,
      cache: { maxEntries: config.enrichment.profileCacheEntries, ttlMs: config.enrichment.profileCacheTtlMs, onError: (err) => logger.warn({ err }, 'profiles could not be loaded; events stored without role and tenure') },
    });
    // erasures come after ingest: each flushes the batcher, then holds the gate while it works
    const erasures = createErasureService({
      conn: store,
      gate,
      secret: installSecret,
      dropKeys: config.privacy.scrubKeys,
      beforeWork: () => batcher.drain(),
      afterWork: async (_kind, appId, userId) => {
        versions.bumpAll();
        people.cache.invalidate(appId, userId);
        return (await sinks.eraseUser(appId, userId)).map((e) => ({ table: `sink:${e.sinkId}`, kind: 'rows' as const, matched: e.removed, remaining: e.error ? 1 : 0 }));
      },
      onError: (err, erasureId) => logger.error({ err, erasureId }, 'erasure failed'),
    });
    const rawQuery = createRawQueryRunner(store, await loadSqlPolicy(store), config.rawQuery);
    const trust: TrustServices = { keys, rateLimiter, rawQuery, erasures, audit };
    const schemas = createSchemaRegistry({
      store,
      metrics: metrics.schemas,
      onBrokenSchema: (v, err) => logger.error({ err, appId: v.appId, eventName: v.eventName, version: v.version }, 'stored schema does not compile; not enforced'),
    });
    await schemas.load();
    // the one ingest pipeline: HTTP ingest, quarantine replay and the in-process Kafka worker
    // enrichment at ingest: the IP's geography (the database read once, here) and the profiles
    // events are enriched with (identify and erasure invalidate this process's cache)
    const geoLookup = config.enrichment.geoip ? loadGeoLookup() : undefined;
    const pipeline = createConfiguredPipeline(config, { apps, schemas, scrub: scrubber, geoLookup, persons: people.cache });
    // seed 004's platform_metrics_realtime: dashboard_metrics served until it expires
    const realtimeMetrics = createRealtimeMetrics({ store, ttlSeconds: config.enrichment.dashboardMetricsTtlSeconds });
    // TALLY_INGEST=kafka: HTTP ingest produces to Kafka; with the embedded store this process also consumes
    const kafka = config.ingest === 'kafka' ? createKafkaPipeline({ config, batcher, pipeline, apps, registry: metrics.registry, logger }) : undefined;
    const ingest = createIngestService({ batcher: kafka?.sink ?? batcher, pipeline, metrics: metrics.ingest, quarantine });
    // Postgres change capture in process: only where this process owns the store (embedded); with a
    // server store, `tally cdc` runs it
    const capture: PostgresCapture | undefined =
      config.cdc && (options.capture ?? config.store.kind === 'embedded')
        ? composePostgresCapture({ config: config.cdc, ingest, quarantine, store, apps, registry: metrics.registry, logger, kafka: config.ingest === 'kafka' ? config.kafka : undefined, pipeline })
        : undefined;
    const replay = createQuarantineReplay({ store, ingest, writer: quarantine, metrics: metrics.quarantine });
    const r = config.rateLimits;
    const auth = createAuthenticator(apps, adminToken, {
      rateLimiter,
      limits: { write: { ratePerSecond: r.writePerSecond, burst: r.writeBurst }, read: { ratePerSecond: r.readPerSecond, burst: r.readBurst } },
      learnerTokens: createLearnerTokens(installSecret),
    });
    // alerts: rules on trends and the pipeline rules (evaluated by the alerts_evaluate job); slow questions are timed by the API
    const slowQueries = createSlowQueryLog({ logMs: config.alerts.slowQueryLogMs, logger });
    const alerts = createAlertService({ store, config: config.alerts, registry: metrics.registry, logger, slowQueries });
    // scheduled jobs: manual runs in every process; schedules only in the store's owner (TALLY_JOBS_SCHEDULER)
    const jobs = createJobService({
      config: config.jobs,
      store,
      registry: metrics.registry,
      logger,
      definitions: builtInJobs({ config, store, apps: () => apps.list(), sinks, realtimeMetrics, alerts }),
      runSchedules: serveRunsSchedules(config.jobs, config.store.kind),
    });
    let shuttingDown = false;
    const app = await buildApp(
      { config, store, apps, auth, ingest, batcher, readBarrier: ingestLog, metrics, logger, schemas, quarantine: { writer: quarantine, replay }, trust, versions, sources: async () => (capture ? [capture.status()] : config.cdc ? [await readSlotStatus(config.cdc)] : []), people, realtimeMetrics },
      { isShuttingDown: () => shuttingDown, jobs: jobs.scheduler, sinks, alerts, slowQueries },
    );

    let port = config.port;
    let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
    if (options.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      port = typeof address === 'object' && address ? address.port : config.port;
      metricsServer = await startMetricsServer(metrics.registry, config.metricsPort, config.host);
      logger.info({ port, metricsPort: metricsServer.port, store: config.store.kind, dataDir: config.dataDir }, 'tally listening');
    } else {
      await app.ready();
    }

    await kafka?.start();
    await jobs.start();
    // in the background: a snapshot may take long; setup errors are logged and shown in GET /v1/sources
    capture?.start().catch((err: unknown) => logger.error({ err }, 'change capture stopped'));
    const openStoreConn = store;
    let closed: Promise<void> | undefined;
    return {
      config,
      store: openStoreConn,
      apps,
      batcher,
      schemas,
      quarantine,
      pipeline,
      ingest,
      trust,
      metrics,
      logger,
      app,
      adminToken,
      port,
      metricsPort: metricsServer?.port ?? 0,
      jobs,
      people,
      sinks,
      alerts,
      close() {
        closed ??= (async () => {
          shuttingDown = true;
          await app.close();
          // the run in progress finishes; queued runs stay recorded
          await jobs.close();
          await sinks.close();
          await kafka?.close();
          // before the batcher: the capture's last batches are stored and confirmed to the slot
          await capture?.close();
          await batcher.close();
          // after the batcher: every audited request is written, every started erasure finishes
          await erasures.close();
          await audit.close();
          await rawQuery.close();
          await quarantine.close();
          await metricsServer?.close();
          propertyColumns?.stop();
          await openStoreConn.close();
          await traces?.shutdown();
          logger.info('tally stopped');
        })();
        return closed;
      },
    };
  } catch (err) {
    propertyColumns?.stop();
    await store?.close().catch(() => {});
    await traces?.shutdown();
    throw err;
  }
}
