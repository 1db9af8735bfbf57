// What the routes need, built once by the service and passed in (no globals).

import type { Config } from '../config/index.ts';
import type { Batcher, IngestService } from '../ingest/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import type { AppRegistry, StoreConnection } from '../store/index.ts';
import type { Authenticator } from './auth.ts';

export interface ApiDeps {
  readonly config: Config;
  readonly store: StoreConnection;
  readonly apps: AppRegistry;
  readonly auth: Authenticator;
  readonly ingest: IngestService;
  readonly batcher: Batcher;
  readonly metrics: Metrics;
  readonly logger: Logger;
}
