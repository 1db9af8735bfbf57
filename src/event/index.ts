// Public surface of the event stage: the wire event's validation, enrichment and ids.
export { createEventValidator, toEngineTime, DEFAULT_LIMITS } from './validate.ts';
export type { EventLimits, EventValidator, ValidatedEvent, Validation, ValidateContext, ValidatorOptions } from './validate.ts';
export { uuidv7, deriveEventId, isUuid } from './event-id.ts';
export { anonymizeIp, createUserAgentParser } from './enrich.ts';
export { categorize, CATEGORIES } from './category.ts';
export type { Category } from './category.ts';
