// Durable ingest through a local write-ahead log: acknowledged once on disk, loaded into the store behind it.
export { openIngestLog } from './ingest-log.ts';
export type { IngestLog, IngestLogOptions } from './ingest-log.ts';
export { createIdFilter, fillFromStore } from './id-filter.ts';
export type { IdFilter } from './id-filter.ts';
