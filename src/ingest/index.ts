// Public surface of the ingest stage: the group-commit batcher and the ingest service that
// validates raw events and submits them.
export { createBatcher } from './batcher.ts';
export type { Batcher, BatcherOptions, BatcherMetrics, CommitReceipt } from './batcher.ts';
export { createIngestService } from './ingest-service.ts';
export type { IngestService, IngestReceipt, RejectedEvent, IngestMetrics } from './ingest-service.ts';
