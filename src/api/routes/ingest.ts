// POST /v1/events (one event) and POST /v1/batch ({ events } or NDJSON, gzip accepted). Both
// answer only after the accepted events are committed, with a receipt.

import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TallyError, errorRegistry, type ErrorCode } from '../../errors.ts';
import { UnparsableLine } from '../body-parsers.ts';
import type { Caller } from '../auth.ts';
import { callerId } from '../route-access.ts';
import { BODY_ERRORS, ErrorBody, Receipt, WireEvent, errorResponse, errorResponses, type RouteGroup } from '../schemas.ts';

function asEvents(body: unknown, maxEvents: number): unknown[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { events?: unknown }).events)) {
    throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['body must be { "events": [...] } or NDJSON']);
  }
  const events = (body as { events: unknown[] }).events;
  if (events.length > maxEvents) throw new TallyError('TALLY_ERR_REQUEST_TOO_MANY_EVENTS', [maxEvents]);
  return events.map((e) => (e instanceof UnparsableLine ? `line ${e.line} is not valid JSON` : e));
}

/** the one app a write key ingests into; undefined = any (the admin token) */
function ingestAppOf(caller: Caller): string | undefined {
  return caller.kind === 'write' ? caller.appId : undefined;
}

/** the request's W3C trace context, carried with its events when they go through Kafka */
function traceOf(req: FastifyRequest): { traceparent?: string; tracestate?: string } {
  const { traceparent, tracestate } = req.headers;
  return { traceparent: typeof traceparent === 'string' ? traceparent : undefined, tracestate: typeof tracestate === 'string' ? tracestate : undefined };
}

/** a body may be sent gzip-compressed; limits apply to the decompressed bytes */
const ContentEncoding = Type.Object({
  'content-encoding': Type.Optional(Type.Union([Type.Literal('gzip'), Type.Literal('identity')], { description: 'gzip: the body is gzip-compressed' })),
});

/** a refusal of the event itself also carries the receipt (nothing accepted, the rejection) */
const RefusedEvent = Type.Intersect([ErrorBody, Type.Partial(Receipt)]);

export const ingestRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, ingest, config } = deps;

  app.post(
    '/v1/events',
    {
      schema: {
        summary: 'Ingest one event',
        operationId: 'ingestEvent',
        tags: ['ingest'],
        headers: ContentEncoding,
        body: WireEvent,
        // the receipt fields are absent when the whole request is refused (no key, a read key)
        response: {
          200: Receipt,
          ...errorResponses(...BODY_ERRORS, 404, 503),
          400: errorResponse(400, RefusedEvent),
          403: errorResponse(403, RefusedEvent),
          404: errorResponse(404, RefusedEvent),
          422: errorResponse(422, RefusedEvent),
        },
      },
      config: { access: 'write', app: 'events' },
      // the event is checked by Tally itself so a rejection gets its own code (and is quarantined)
      validatorCompiler: () => () => true,
    },
    async (req, reply) => {
      const allowedAppId = ingestAppOf(auth.caller(req));
      const receipt = await ingest.ingest([req.body], { allowedAppId, keyId: callerId(auth.caller(req)), ...traceOf(req) });
      if (receipt.rejected.length > 0) {
        const [first] = receipt.rejected;
        const status = (errorRegistry[first.code as ErrorCode]?.status ?? 400) as 400 | 403 | 404 | 422;
        return reply.code(status).send({
          error: { code: first.code, message: first.message },
          ...receipt,
          rejected: [...receipt.rejected],
        });
      }
      return receipt;
    },
  );

  app.post(
    '/v1/batch',
    {
      schema: {
        summary: 'Ingest a batch of events',
        description: `JSON { "events": [...] } or NDJSON (application/x-ndjson), optionally gzip (Content-Encoding: gzip). At most ${config.maxBatchEvents} events and ${config.maxBodyBytes} bytes after decompression.`,
        operationId: 'ingestBatch',
        tags: ['ingest'],
        headers: ContentEncoding,
        body: {
          content: {
            'application/json': { schema: Type.Object({ events: Type.Array(WireEvent, { maxItems: config.maxBatchEvents }) }) },
            'application/x-ndjson': { schema: Type.String({ description: 'one event (a WireEvent JSON object) per line; a line that is not JSON is rejected alone' }) },
          },
        },
        response: { 200: Receipt, ...errorResponses(...BODY_ERRORS, 503) },
      },
      config: { access: 'write', app: 'events' },
      // the body is checked by Tally itself so every event gets its own rejection code
      validatorCompiler: () => () => true,
    },
    async (req) => {
      const allowedAppId = ingestAppOf(auth.caller(req));
      return ingest.ingest(asEvents(req.body, config.maxBatchEvents), { allowedAppId, keyId: callerId(auth.caller(req)), ...traceOf(req) });
    },
  );
};
