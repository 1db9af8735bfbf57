// Segment's HTTP Tracking API at /segment/v1/{track,identify,page,screen,group,alias,batch}: a
// library pointed at Tally (host + path /segment/v1/batch) keeps its instrumentation. The write key
// is the Basic auth user name or `writeKey` in the body; bodies may be gzip. Segment's limits and
// answers: 32 KB per call and per message, 500 KB per batch, 400 when a limit is exceeded or the
// body is not JSON, 200 otherwise (messages Tally refuses are listed in the receipt and
// quarantined). Messages go through the one ingest pipeline (src/sources/capture). analytics.js
// in a browser posts JSON as text/plain from the site's origin: both are accepted (CORS opened).

import type { FastifyError, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TallyError, formatMessage } from '../../errors.ts';
import { applyCaptured, mapSegmentMessage, SEGMENT_MAX_BATCH_BYTES, SEGMENT_MAX_MESSAGE_BYTES, SEGMENT_TYPES, type SegmentType } from '../../sources/index.ts';
import { callerId } from '../route-access.ts';
import { Receipt, errorResponses, type RouteGroup } from '../schemas.ts';
import { allowOrigin, capturePreflights } from './capture-cors.ts';
import { basicUser, useProtocolKey, writeAppOf } from './capture-key.ts';

/** the short paths analytics.js posts to, left out of the OpenAPI document */
export const SEGMENT_UNDOCUMENTED_ROUTES: readonly string[] = SEGMENT_TYPES.map((t) => `POST /segment/v1/${t[0]}`);
/** every Segment path, for the browsers' preflights */
const SEGMENT_PATHS = [...SEGMENT_TYPES.flatMap((t) => [t, t[0]]), 'batch'].map((p) => `/segment/v1/${p}`);
/** the routes anyone may call (no key): the browsers' preflights */
export const SEGMENT_PUBLIC_ROUTES: readonly string[] = SEGMENT_PATHS.map((p) => `OPTIONS ${p}`);

const SegmentReceipt = Type.Intersect([Type.Object({ success: Type.Boolean() }), Receipt]);

function bodyOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TallyError('TALLY_ERR_CAPTURE_INVALID', ['segment', 'the body must be a JSON object']);
  return body as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


export const segmentCaptureRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, ingest, config, people } = deps;

  // analytics.js posts JSON as text/plain (no CORS preflight), from the site's origin
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new TallyError('TALLY_ERR_REQUEST_INVALID', ['body is not valid JSON']), undefined);
    }
  });
  app.addHook('onRequest', async (req, reply) => allowOrigin(req, reply));
  capturePreflights(app, SEGMENT_PATHS);

  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config.access !== 'write') return;
    const body = req.body as { writeKey?: unknown } | undefined;
    const key = basicUser(req.headers.authorization) ?? (typeof body?.writeKey === 'string' ? body.writeKey : undefined);
    useProtocolKey(req, key, 'the Basic auth user name or writeKey in the body');
  });

  // Segment answers 400 when a body is over its limit (Tally's own routes say 413)
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
    const limit = reply.request.routeOptions.bodyLimit ?? SEGMENT_MAX_BATCH_BYTES;
    return reply.code(400).send({ error: { code: 'TALLY_ERR_CAPTURE_TOO_LARGE', message: formatMessage('TALLY_ERR_CAPTURE_TOO_LARGE', ['the request body', limit]) } });
  });

  const schema = (summary: string, operationId: string) => ({
    summary,
    operationId,
    tags: ['ingest'],
    description: 'Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.',
    response: { 200: SegmentReceipt, ...errorResponses(400, 503) },
  });

  async function capture(req: FastifyRequest, messages: readonly unknown[], types: ReadonlyArray<SegmentType | undefined>, sentAt: unknown, batchContext: unknown) {
    const caller = auth.caller(req);
    const appId = writeAppOf(caller);
    const receivedAtMs = Date.now();
    const mapped = messages.map((m, i) => {
      const withContext = isObject(batchContext) && isObject(m) ? { ...m, context: { ...batchContext, ...(isObject(m.context) ? m.context : {}) } } : m;
      return mapSegmentMessage(withContext, types[i], { appId, receivedAtMs, sentAt });
    });
    const receipt = await applyCaptured({ ingest, people, onLinked: (id) => deps.versions?.bump([id]) }, appId, mapped, { allowedAppId: appId, keyId: callerId(caller) });
    return { success: true, ...receipt, rejected: [...receipt.rejected] };
  }

  // each call at its name, and at its first letter as analytics.js posts it (/v1/t, /v1/p, …)
  for (const type of SEGMENT_TYPES) {
    for (const path of [type, type[0]]) {
      app.post(
        `/segment/v1/${path}`,
        {
          bodyLimit: SEGMENT_MAX_MESSAGE_BYTES,
          config: { access: 'write', app: 'events' },
          schema: path === type ? schema(`Segment ${type}`, `segment${type[0].toUpperCase()}${type.slice(1)}`) : { hide: true },
          validatorCompiler: () => () => true,
        },
        async (req) => {
          const body = bodyOf(req.body);
          return capture(req, [body], [type], body.sentAt, undefined);
        },
      );
    }
  }

  app.post(
    '/segment/v1/batch',
    {
      bodyLimit: SEGMENT_MAX_BATCH_BYTES,
      config: { access: 'write', app: 'events' },
      schema: schema('Segment batch', 'segmentBatch'),
      validatorCompiler: () => () => true,
    },
    async (req) => {
      const body = bodyOf(req.body);
      if (!Array.isArray(body.batch)) throw new TallyError('TALLY_ERR_CAPTURE_INVALID', ['segment', 'batch must be an array of messages']);
      if (body.batch.length > config.maxBatchEvents) throw new TallyError('TALLY_ERR_REQUEST_TOO_MANY_EVENTS', [config.maxBatchEvents]);
      for (let i = 0; i < body.batch.length; i++) {
        if (JSON.stringify(body.batch[i] ?? null).length > SEGMENT_MAX_MESSAGE_BYTES) throw new TallyError('TALLY_ERR_CAPTURE_TOO_LARGE', [`batch[${i}]`, SEGMENT_MAX_MESSAGE_BYTES]);
      }
      return capture(req, body.batch, body.batch.map(() => undefined), body.sentAt, body.context);
    },
  );
};
