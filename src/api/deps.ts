// What the routes need, built once by the service and passed in (no globals).

import type { Config } from '../config/index.ts';
import type { Batcher, IngestService, QuarantineReplay, QuarantineWriter } from '../ingest/index.ts';
import type { SchemaRegistry } from '../event/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import type { AppRegistry } from '../access/index.ts';
import type { StoreConnection } from '../store/index.ts';
import type { Authenticator } from './auth.ts';
import type { KeyStore, RateLimiter } from '../access/index.ts';
import type { AuditLog, ErasureService } from '../privacy/index.ts';
import type { RawQueryRunner } from '../query/raw/index.ts';
import type { CaptureStatus } from '../sources/index.ts';
import type { DataVersions, ReadBarrier } from '../store/index.ts';
import type { People } from '../people/index.ts';
import type { RealtimeMetrics } from '../query/index.ts';

/** keys, rate limits, raw SQL, GDPR erasures and the audit log, as the routes and hooks use them */
export interface TrustServices {
  readonly keys: KeyStore;
  readonly rateLimiter: RateLimiter;
  readonly rawQuery: RawQueryRunner;
  readonly erasures: ErasureService;
  readonly audit: AuditLog;
}

export interface ApiDeps {
  readonly config: Config;
  readonly store: StoreConnection;
  readonly apps: AppRegistry;
  readonly auth: Authenticator;
  readonly ingest: IngestService;
  readonly batcher: Batcher;
  /** the ingest log's read barrier: each request's statements wait for what was acknowledged before it arrived */
  readonly readBarrier?: ReadBarrier;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** tracking plans: the schema registry and the quarantine (dead letters, replay) */
  readonly schemas: SchemaRegistry;
  readonly quarantine: { readonly writer: QuarantineWriter; readonly replay: QuarantineReplay };
  /** keys, rate limits, raw SQL, GDPR erasures, audit log */
  readonly trust: TrustServices;
  /** status of the change-capture sources, run here or by another process (GET /v1/sources) */
  readonly sources?: () => readonly CaptureStatus[] | Promise<readonly CaptureStatus[]>;
  /** user profiles: identify, profile reads, the ingest cache (absent: no profile routes) */
  readonly people?: People;
  /** what the store holds, per app (answers are kept while it stands; absent: no answer cache) */
  readonly versions?: DataVersions;
  /** seed 004's platform_metrics_realtime: dashboard_metrics served until it expires (absent: computed on every read) */
  readonly realtimeMetrics?: RealtimeMetrics;
}
