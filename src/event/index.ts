// Public surface of the wire event's vocabulary: ids, app ids, times, categories, enrichment and
// scrubbing helpers, the schema registry. The ingest pipeline (src/ingest/pipeline) applies them.
export { APP_ID_PATTERN, APP_ID_RE, isAppId } from './app-id.ts';
export { toEngineTime, engineTimeOf, isCanonicalIso, parseWireTimestamp, parseEngineTime, MIN_EVENT_TIME_MS, MAX_EVENT_TIME_MS } from './time.ts';
export { uuidv7, uuidv5, deriveEventId, isUuid } from './event-id.ts';
export { anonymizeIp, createUserAgentParser } from './enrich.ts';
export { loadGeoLookup, cachedLookup } from './geo.ts';
export type { GeoInfo, GeoLookup } from './geo.ts';
export { categorize, CATEGORIES } from './category.ts';
export type { Category } from './category.ts';
export { createSchemaRegistry, isSchemaMode, SCHEMA_MODES, DEFAULT_SCHEMA_MODE } from './schema-registry.ts';
export type { SchemaRegistry, SchemaVersion, SchemaInput, SchemaMode, SchemaMetrics, SchemaCheck } from './schema-registry.ts';
export { createSchemaCompiler, formatSchemaErrors, unsafePatternReason, DEFAULT_SCHEMA_LIMITS } from './schema-compile.ts';
export type { SchemaLimits, SchemaCompiler } from './schema-compile.ts';
export { createScrubber, luhnValid, EMAIL_MARK, PHONE_MARK, CARD_MARK } from './scrub.ts';
export type { Scrubber, ScrubOptions } from './scrub.ts';
export { cutText, storableText, nestsDeeperThan, boundedJson, TOO_DEEP_MARK } from './text.ts';
