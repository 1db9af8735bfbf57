// Public surface of the ingest pipeline: the composed pipeline every source calls, the result and
// event types its steps pass on, and the row format (encoder and decoder) it ends in.
export { createIngestPipeline } from './pipeline.ts';
export { createConfiguredPipeline } from './configured.ts';
export type { IngestPipeline, IngestPipelineOptions } from './pipeline.ts';
export type { StepResult, Rejection, IngestContext, Envelope, CategorizedEvent, EnrichedEvent, EventContext, ValidatedEvent } from './types.ts';
export { DEFAULT_LIMITS } from './parse-envelope.ts';
export type { EventLimits } from './parse-envelope.ts';
export type { SchemaChecker } from './check-schema.ts';
export type { PersonFacts, PersonSnapshot, PersonSource } from './enrich-person.ts';
export { encodeRow, decodeRow, ROW_SCHEMA, ROW_SCHEMAS, ROW_SCHEMA_V1, ROW_SCHEMA_V2, ROW_COLUMN_NAMES } from './encode-row.ts';
export type { EventRow } from './encode-row.ts';
