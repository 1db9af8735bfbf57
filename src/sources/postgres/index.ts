// Public surface of Postgres change capture: the capture (setup, snapshot, stream), the sink that
// stores through the ingest pipeline, slot administration, and the documented example mappings.
export { createPostgresCapture } from './capture.ts';
export type { PostgresCapture, PostgresCaptureOptions, CaptureStatus, CaptureState, LocalCaptureStatus } from './capture.ts';
export { createIngestSink, CaptureStoppedError } from './sink.ts';
export type { ChangeSink, DeliveryItem, DeliveryCounts } from './sink.ts';
export { mapChange, rowKey } from './mapping.ts';
export type { CapturedChange, ChangeKind, MappedChange } from './mapping.ts';
export { checkServer, dropSlot } from './setup.ts';
export { withPgClient } from './pg-client.ts';
export { readSlotStatus } from './slot-status.ts';
export { parseLsn, formatLsn } from './lsn.ts';
export { SEED_000_MAPPINGS, SEED_004_MAPPINGS } from './examples.ts';
export { composePostgresCapture } from './compose.ts';
export type { CaptureParts } from './compose.ts';
