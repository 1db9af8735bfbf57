// Public surface of the ingest stage: the group-commit batcher and the ingest service that
// validates raw events and submits them.
export { createBatcher } from './batcher.ts';
export type { Batcher, BatcherOptions, BatcherMetrics, CommitReceipt } from './batcher.ts';
export { createIngestService } from './ingest-service.ts';
export type { IngestService, IngestReceipt, RejectedEvent, IngestMetrics } from './ingest-service.ts';
export type { IngestCaller } from './ingest-service.ts';
export { createQuarantineWriter, quarantineId } from './quarantine.ts';
export type { QuarantineWriter, QuarantineEntry, QuarantineSink, QuarantineMetrics, QuarantineRow } from './quarantine.ts';
export { listQuarantine, getQuarantined, countByCode } from './quarantine-query.ts';
export type { QuarantineFilter, QuarantinePage, QuarantineStatus } from './quarantine-query.ts';
export { createQuarantineReplay } from './quarantine-replay.ts';
export type { QuarantineReplay, ReplaySpec, ReplayResult, ReplayMetrics } from './quarantine-replay.ts';
export type { EventSink } from './ingest-service.ts';
export { startKafkaIngest, startKafkaWorker } from './kafka-pipeline.ts';
export type { KafkaIngest } from './kafka-pipeline.ts';
export type { KafkaWorker } from './kafka-worker.ts';
