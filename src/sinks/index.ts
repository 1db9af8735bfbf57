// Public surface of the exports room: the sink service (registry, sync, status, erasure), the
// scheduled sync job and the shapes the API shows.

export { createSinkService } from './sink-service.ts';
export type { SinkService, SinkServiceOptions, SyncResult, SinkStatus, SinkErasure } from './sink-service.ts';
export { sinkSyncJob, SINK_SYNC_JOB } from './sync-job.ts';
export { SINK_KINDS, redactedConfig } from './sink-config.ts';
export type { SinkKind, SinkConfig } from './sink-config.ts';
export { MAX_SINKS_PER_APP } from './sink-registry.ts';
export type { Sink } from './sink-registry.ts';
export type { BatchRecord, BatchStatus } from './sync-status.ts';
export { EXPORT_COLUMNS } from './export-rows.ts';
export { PG_COLUMNS } from './postgres-sink.ts';
