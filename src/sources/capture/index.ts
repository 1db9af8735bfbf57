// Public surface of the capture adapters: Segment's HTTP Tracking API and PostHog's capture
// protocol, mapped to wire events and person links (docs/migrate-from-segment.md,
// docs/migrate-from-posthog.md), applied through the one ingest pipeline.
export { applyCaptured } from './capture.ts';
export type { CaptureDeps } from './capture.ts';
export { eventIdOf, PROTOCOLS } from './mapped.ts';
export type { Mapped, Protocol, TraitUpdate } from './mapped.ts';
export { mapSegmentMessage, segmentTimestampMs, SEGMENT_TYPES, SEGMENT_EVENT_NAMES, SEGMENT_MAX_MESSAGE_BYTES, SEGMENT_MAX_BATCH_BYTES } from './segment.ts';
export type { SegmentType, SegmentContext } from './segment.ts';
export { mapPostHogEvent, posthogTimestampMs } from './posthog.ts';
export type { PostHogContext } from './posthog.ts';
export { decodePostHogBody } from './posthog-body.ts';
