// The ingest pipeline: every way an event arrives — HTTP ingest, the Kafka worker's plain and
// change-capture messages, quarantine replay, and the sources still to come — turns its input into
// a wire event and calls this one function. The steps, one per file, run in this order and stop
// at the first rejection:
//   parse envelope → category and retention horizon → resolve app → check schema → derive answer → scrub → enrich → encode row
// The horizon runs before the app and schema steps so an event with several faults gets the same
// code whatever its source. Nothing here throws for bad input.

import { createAssignCategory, type CategoryOptions } from './category.ts';
import { createCheckSchema, type CheckSchemaOptions } from './check-schema.ts';
import { createDeriveAnswer } from './derive-answer.ts';
import { createEncodeRow } from './encode-row.ts';
import { createEnrich, type EnrichOptions } from './enrich.ts';
import { createParseEnvelope, type ParseEnvelopeOptions } from './parse-envelope.ts';
import { createResolveApp, type ResolveAppOptions } from './resolve-app.ts';
import { createScrub, type ScrubStepOptions } from './scrub.ts';
import type { IngestContext, StepResult, ValidatedEvent } from './types.ts';

/** Each step's dependencies; a step whose dependency is absent lets every event pass (fixtures, benchmarks). */
export interface IngestPipelineOptions extends ParseEnvelopeOptions, CategoryOptions, ResolveAppOptions, CheckSchemaOptions, ScrubStepOptions, EnrichOptions {}

export function createIngestPipeline(options: IngestPipelineOptions = {}) {
  const parseEnvelope = createParseEnvelope(options);
  const assignCategory = createAssignCategory(options);
  const resolveApp = createResolveApp(options);
  const checkSchema = createCheckSchema(options);
  const deriveAnswer = createDeriveAnswer();
  const scrub = createScrub(options);
  const enrich = createEnrich(options);
  const encodeRow = createEncodeRow();

  return function processEvent(input: unknown, ctx: IngestContext): StepResult<ValidatedEvent> {
    const envelope = parseEnvelope(input, ctx);
    if (!envelope.ok) return envelope;
    const categorized = assignCategory(envelope.event);
    if (!categorized.ok) return categorized;
    const app = resolveApp(categorized.event);
    if (!app.ok) return app;
    const planned = checkSchema(app.event);
    if (!planned.ok) return planned;
    const answered = deriveAnswer(planned.event);
    if (!answered.ok) return answered;
    const scrubbed = scrub(answered.event);
    if (!scrubbed.ok) return scrubbed;
    const enriched = enrich(scrubbed.event, ctx);
    if (!enriched.ok) return enriched;
    return encodeRow(enriched.event);
  };
}

/** one wire event → its row, or the coded reason it is rejected */
export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
