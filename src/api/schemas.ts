// Shared TypeBox schemas: they validate requests and document them in the OpenAPI output, and
// (through the type provider) type what handlers read and answer: a shape is written once, as a
// schema, and its TypeScript type is derived from it with Static.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from 'typebox';
import { APP_ID_PATTERN } from '../event/index.ts';
import type { ApiDeps } from './deps.ts';

/** A group of routes, registered as a Fastify plugin; its handlers are typed from their schemas. */
export type RouteGroup<Options extends object = Record<never, never>> = FastifyPluginAsyncTypebox<{ readonly deps: ApiDeps } & Options>;

const ErrorDetail = Type.Object({ code: Type.String({ description: 'a stable code from docs/errors.md' }), message: Type.String() });

export const ErrorBody = Type.Object({ error: ErrorDetail }, { description: 'Every error: a stable code from docs/errors.md and a message' });

/** What an error status means on Tally's routes: the description of that answer in the OpenAPI document. */
const ERROR_MEANINGS = {
  400: 'Invalid request (parameters, body, encoding or query)',
  401: 'Missing, invalid or revoked key',
  403: 'This key may not do this, or not for this app',
  404: 'Not found (an unknown app, or the named thing does not exist)',
  409: 'Conflicts with what exists',
  413: 'Request body too large (counted after decompression)',
  415: 'Unsupported content type',
  422: 'The query exceeded a limit',
  429: "Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds",
  500: 'Internal error (details are logged, never sent)',
  503: 'Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** 429 and 503 answers say when to retry */
const RETRY_AFTER = { 'Retry-After': { type: 'integer', minimum: 1, description: 'seconds to wait before retrying' } };

/** The common error body (or `schema`), described for one status (and with its Retry-After header where it has one). */
export function errorResponse<T extends TSchema = typeof ErrorBody>(status: ErrorStatus, schema?: T): T {
  const described = { ...(schema ?? ErrorBody), description: ERROR_MEANINGS[status] };
  return (status === 429 || status === 503 ? { ...described, headers: RETRY_AFTER } : described) as T;
}

/**
 * The error answers of a route called with a key, each with the common error body: every such
 * route may answer 401 (no or bad key), 403 (not this key, or not this app), 429 (the key's rate
 * limit is charged when it is authenticated) and 500; `more` adds what the route itself answers.
 * A route that reads a body passes BODY_ERRORS.
 */
export function errorResponses(...more: ErrorStatus[]): Partial<Record<ErrorStatus, typeof ErrorBody>> {
  const statuses = [...new Set<ErrorStatus>([401, 403, 429, 500, ...more])].sort((a, b) => a - b);
  return Object.fromEntries(statuses.map((status) => [status, errorResponse(status)]));
}

/** what a route that reads a request body may also answer: invalid (400), too large (413), not JSON (415) */
export const BODY_ERRORS: readonly ErrorStatus[] = [400, 413, 415];

export const Receipt = Type.Object(
  {
    accepted: Type.Integer({ description: 'events newly stored' }),
    duplicates: Type.Integer({ description: 'events whose event_id was already stored' }),
    rejected: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String() })),
  },
  { description: 'Answered only after the accepted events are committed' },
);
export type Receipt = Static<typeof Receipt>;

export const WireEvent = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', description: 'client-made UUID (v7 recommended); derived from the content when absent' })),
    app_id: Type.String({ maxLength: 64 }),
    event_name: Type.String({ maxLength: 200 }),
    user_id: Type.Optional(Type.String({ maxLength: 256 })),
    anonymous_id: Type.Optional(Type.String({ maxLength: 256 })),
    session_id: Type.Optional(Type.String({ maxLength: 256 })),
    timestamp: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Integer({ description: 'epoch milliseconds' })]),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    entity_type: Type.Optional(Type.String({ maxLength: 64, description: 'what the event is about (seed 004), e.g. project' })),
    entity_id: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Number()], { description: 'the id of that entity' })),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'about the emission (flow, attempt, release); the properties\' limits, at most 16 KiB encoded' })),
    source: Type.Optional(Type.String({ maxLength: 64, description: 'where the event was emitted, e.g. web, ios, api' })),
  },
  { additionalProperties: false, description: 'One event. Validated by Tally itself so each rejection gets its own code.' },
);

export const AppId = Type.String({ pattern: APP_ID_PATTERN });
