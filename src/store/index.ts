// Public surface of the store: a connection chosen by configuration, migrations, apps and keys.

import path from 'node:path';
import { createEmbeddedConnection } from './embedded.ts';
import { createServerConnection } from './server.ts';
import type { StoreConnection } from './connection.ts';

export type { StoreConnection, QueryParams, QueryOptions, InsertResult } from './connection.ts';
export { StoreError, isClientSideStoreError } from './connection.ts';
export { migrate, loadMigrations, splitStatements } from './migrate.ts';
export type { Migration } from './migrate.ts';
export { createAppRegistry, hashKey } from './apps.ts';
export type { AppRegistry, ApiKeyRecord, CreatedApp, KeyKind } from './apps.ts';
export { lockDataDir } from './lock.ts';
export type { DirLock } from './lock.ts';

export type StoreTarget = { readonly kind: 'embedded' } | { readonly kind: 'server'; readonly url: string };

/** Opens the configured transport: chDB on `<dataDir>/clickhouse`, or a ClickHouse server URL. */
export function openStore(target: StoreTarget, dataDir: string): StoreConnection {
  return target.kind === 'embedded' ? createEmbeddedConnection(path.join(dataDir, 'clickhouse')) : createServerConnection({ url: target.url });
}
