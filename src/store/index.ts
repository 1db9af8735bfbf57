// Public surface of the store: a connection chosen by configuration, migrations, apps and keys.

import path from 'node:path';
import { createEmbeddedConnection, type EmbeddedOptions } from './embedded.ts';
import { createServerConnection } from './server.ts';
import type { StoreConnection } from './connection.ts';

export type { StoreConnection, QueryParams, QueryOptions, InsertResult, LaneKind } from './connection.ts';
export type { EmbeddedOptions } from './embedded.ts';
export { StoreError, isClientSideStoreError } from './connection.ts';
export { migrate, loadMigrations, splitStatements } from './migrate.ts';
export type { Migration } from './migrate.ts';
export { createAppRegistry, hashKey } from './apps.ts';
export type { AppRegistry, ApiKeyRecord, CreatedApp, KeyKind } from './apps.ts';
export { createKeyStore } from './keys.ts';
export type { KeyStore, KeyInfo, NewKey, CreateKeySpec } from './keys.ts';
export { createWriteGate } from './write-gate.ts';
export type { WriteGate } from './write-gate.ts';
export { createAuditLog } from './audit-log.ts';
export type { AuditLog, AuditEntry, AuditFilter, AuditRecord } from './audit-log.ts';
export { createErasureService } from './erasures.ts';
export type { ErasureService, ErasureReceipt, ErasureKind, ErasureStatus, TableOutcome } from './erasures.ts';
export { discoverUserTables, exportUserRows, ANONYMIZE_KEYS } from './user-data.ts';
export type { UserTable } from './user-data.ts';
export { applyRetention, eventsTtl } from './retention.ts';
export { lockDataDir } from './lock.ts';
export type { DirLock } from './lock.ts';

export type StoreTarget = { readonly kind: 'embedded' } | { readonly kind: 'server'; readonly url: string };

/** Opens the configured transport: chDB on `<dataDir>/clickhouse`, or a ClickHouse server URL. */
export function openStore(target: StoreTarget, dataDir: string, options: EmbeddedOptions = {}): StoreConnection {
  return target.kind === 'embedded'
    ? createEmbeddedConnection(path.join(dataDir, 'clickhouse'), options)
    : createServerConnection({ url: target.url, defaultQueryTimeoutMs: options.defaultQueryTimeoutMs });
}
