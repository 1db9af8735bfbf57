// The ingest pipeline: every way an event arrives — HTTP ingest, the Kafka worker's plain and
// change-capture messages, quarantine replay, and the sources still to come — turns its input into
// a wire event and calls this one function. The steps, one per file, run in this order and stop
// at the first rejection:
//   parse envelope → category and retention horizon → resolve app → check schema → derive answer → scrub → enrich → geolocate → enrich person → encode row
// `prepare` loads what the steps look up (profiles) for a whole arrival before it runs.
// The horizon runs before the app and schema steps so an event with several faults gets the same
// code whatever its source. Nothing here throws for bad input.

import { createAssignCategory, type CategoryOptions } from './category.ts';
import { createCheckSchema, type CheckSchemaOptions } from './check-schema.ts';
import { createDeriveAnswer } from './derive-answer.ts';
import { createEncodeRow } from './encode-row.ts';
import { createEnrich, type EnrichOptions } from './enrich.ts';
import { createEnrichPerson, personKeys, type EnrichPersonOptions } from './enrich-person.ts';
import { createGeolocate, type GeolocateOptions } from './geolocate.ts';
import { createParseEnvelope, type ParseEnvelopeOptions } from './parse-envelope.ts';
import { createResolveApp, type ResolveAppOptions } from './resolve-app.ts';
import { createScrub, type ScrubStepOptions } from './scrub.ts';
import type { IngestContext, StepResult, ValidatedEvent } from './types.ts';

/** Each step's dependencies; a step whose dependency is absent lets every event pass (fixtures, benchmarks). */
export interface IngestPipelineOptions extends ParseEnvelopeOptions, CategoryOptions, ResolveAppOptions, CheckSchemaOptions, ScrubStepOptions, EnrichOptions, GeolocateOptions, EnrichPersonOptions {}

export function createIngestPipeline(options: IngestPipelineOptions = {}) {
  const parseEnvelope = createParseEnvelope(options);
  const assignCategory = createAssignCategory(options);
  const resolveApp = createResolveApp(options);
  const checkSchema = createCheckSchema(options);
  const deriveAnswer = createDeriveAnswer();
  const scrub = createScrub(options);
  const enrich = createEnrich(options);
  const geolocate = createGeolocate(options);
  const enrichPerson = createEnrichPerson(options);
  const encodeRow = createEncodeRow();
  const persons = options.persons;

  function processEvent(input: unknown, ctx: IngestContext): StepResult<ValidatedEvent> {
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
    const located = geolocate(enriched.event);
    if (!located.ok) return located;
    const personal = enrichPerson(located.event, ctx);
    if (!personal.ok) return personal;
    return encodeRow(personal.event);
  }

  /** the context for running these raw events: their users' profiles loaded (one query for the misses) */
  async function prepare(inputs: readonly unknown[], ctx: IngestContext): Promise<IngestContext> {
    if (!persons) return ctx;
    const keys = personKeys(inputs, persons.lacksProfiles?.bind(persons));
    return keys.length === 0 ? ctx : { ...ctx, persons: await persons.load(keys) };
  }

  return Object.assign(processEvent, { prepare });
}

/** one wire event → its row, or the coded reason it is rejected; `prepare` (when there) first, for a batch */
export type IngestPipeline = ((input: unknown, ctx: IngestContext) => StepResult<ValidatedEvent>) & {
  readonly prepare?: (inputs: readonly unknown[], ctx: IngestContext) => Promise<IngestContext>;
};
