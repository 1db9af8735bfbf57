// Public surface of the ingest stage: the one ingest pipeline every source calls, the group-commit
// batcher, the HTTP ingest service, quarantine and the Kafka side.
export { createConfiguredPipeline, createIngestPipeline, DEFAULT_LIMITS, encodeRow, decodeRow, ROW_SCHEMA, ROW_SCHEMAS, ROW_SCHEMA_V1, ROW_SCHEMA_V2, ROW_COLUMN_NAMES } from './pipeline/index.ts';
export type { IngestPipeline, IngestPipelineOptions, IngestContext, StepResult, Rejection, ValidatedEvent, EventLimits, EventRow, SchemaChecker, PersonFacts, PersonSnapshot, PersonSource } from './pipeline/index.ts';
export { batcherLimits, createBatcher } from './batcher.ts';
export { openIngestLog } from './log/index.ts';
export type { IngestLog, IngestLogOptions } from './log/index.ts';
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
