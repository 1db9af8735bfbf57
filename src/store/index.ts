// Public surface of the store: a connection chosen by configuration, migrations, the data-dir
// lock and the write gate. Domains (access/, privacy/) build on it; it knows none of them.

export type { StoreConnection, QueryParams, QueryOptions, InsertResult, LaneKind, ValueList } from './connection.ts';
export type { EmbeddedOptions } from './embedded.ts';
export { StoreError } from './connection.ts';
export { isClientSideStoreError, isDataRefusalCode, isTransientCode, limitReasonOf, forbiddenReasonOf } from './engine-errors.ts';
export { migrate, loadMigrations, splitStatements } from './migrate.ts';
export type { Migration } from './migrate.ts';
export { pinReadPosition, withReadBarrier } from './read-barrier.ts';
export type { ReadBarrier } from './read-barrier.ts';
export { createWriteGate } from './write-gate.ts';
export type { WriteGate } from './write-gate.ts';
export { toEngineTime, isoFromEngineTime } from './engine-time.ts';
export { createVersionClock } from './version-clock.ts';
export { lockDataDir, DataDirInUseError } from './lock.ts';
export type { DirLock } from './lock.ts';

export { openStore, openOwnedStore } from './open.ts';
export type { StoreTarget } from './open.ts';
export { PropertyColumns, propertyColumnName, PROPERTY_COLUMN_PREFIX } from './property-columns.ts';
export { quoteString } from './inline-params.ts';
export type { PropertyColumn } from './property-columns.ts';
export { createDataVersions } from './data-versions.ts';
export type { DataVersions } from './data-versions.ts';
