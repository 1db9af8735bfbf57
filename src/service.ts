// The composition root: builds every part from the configuration, in dependency order, and
// takes them down in reverse. Shutdown stops accepting requests, lets in-flight ones finish,
// flushes the batcher and only then closes the store.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.ts';
import { buildApp, createAuthenticator } from './api/index.ts';
import { createEventValidator } from './event/index.ts';
import { createBatcher, createIngestService, type Batcher, type IngestService } from './ingest/index.ts';
import { createLogger, createMetrics, startMetricsServer, type Logger, type Metrics } from './observability/index.ts';
import { createAppRegistry, lockDataDir, migrate, openStore, type AppRegistry, type DirLock, type StoreConnection } from './store/index.ts';

export interface Tally {
  readonly config: Config;
  readonly store: StoreConnection;
  readonly apps: AppRegistry;
  readonly batcher: Batcher;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly app: FastifyInstance;
  readonly adminToken: string;
  /** the API's bound port (useful with TALLY_PORT=0) */
  readonly port: number;
  readonly metricsPort: number;
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
  const lock: DirLock | undefined = config.store.kind === 'embedded' ? lockDataDir(config.dataDir) : undefined;
  let store: StoreConnection | undefined;
  try {
    const opened = openStore(config.store, config.dataDir);
    store = options.wrapStore ? options.wrapStore(opened) : opened;
    await migrate(store);
    await store.command(`ALTER TABLE events MODIFY SETTING fsync_after_insert = ${config.fsync ? 1 : 0}, fsync_part_directory = ${config.fsync ? 1 : 0}`);
    const adminToken = resolveAdminToken(config, announce);
    const apps = createAppRegistry(store);
    await apps.load();
    const metrics = createMetrics({ collectProcessMetrics: options.listen !== false });
    const batcher = createBatcher({
      store,
      batchSize: config.batchSize,
      flushIntervalMs: config.flushIntervalMs,
      queueMaxEvents: config.queueMaxEvents,
      queueMaxBytes: config.queueMaxBytes,
      metrics: metrics.batcher,
      logger,
    });
    const validate = createEventValidator({ maxEventAgeDays: config.maxEventAgeDays });
    const ingest = createIngestService({ batcher, validate, appExists: (id) => apps.has(id), metrics: metrics.ingest });
    const auth = createAuthenticator(apps, adminToken);
    let shuttingDown = false;
    const app = await buildApp({ config, store, apps, auth, ingest, batcher, metrics, logger }, { isShuttingDown: () => shuttingDown });

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

    const openStoreConn = store;
    let closed: Promise<void> | undefined;
    return {
      config,
      store: openStoreConn,
      apps,
      batcher,
      ingest,
      metrics,
      logger,
      app,
      adminToken,
      port,
      metricsPort: metricsServer?.port ?? 0,
      close() {
        closed ??= (async () => {
          shuttingDown = true;
          await app.close();
          await batcher.close();
          await metricsServer?.close();
          await openStoreConn.close();
          lock?.release();
          logger.info('tally stopped');
        })();
        return closed;
      },
    };
  } catch (err) {
    await store?.close().catch(() => {});
    lock?.release();
    throw err;
  }
}
