// PostHog's capture protocol at the root, where its libraries look: POST /batch/, /capture/, /e/ and
// /i/v0/e/ (with or without the trailing slash) take events with the project key (`api_key` or
// `token` in the body, or `token` in the first event's properties), in every encoding the
// libraries use (docs/migrate-from-posthog.md; src/sources/capture/posthog-body.ts). Events go
// through the one ingest pipeline; the answer is PostHog's `{ "status": 1 }` with Tally's receipt,
// after commit. /decide/ and /flags/ answer validly with no feature flags (flags are not Tally's),
// so the libraries keep running, as does posthog-js's remote configuration (GET
// /array/{token}/config: gzip-js, nothing else switched on). Browsers post from the site's own origin: CORS is opened on these
// paths (the key in the body is the credential, never a cookie).

import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { uuidv7 } from '../../event/index.ts';
import { applyCaptured, decodePostHogBody, mapPostHogEvent } from '../../sources/index.ts';
import { callerId } from '../route-access.ts';
import { Receipt, errorResponses, type RouteGroup } from '../schemas.ts';
import { allowOrigin, capturePreflights } from './capture-cors.ts';
import { useProtocolKey, writeAppOf } from './capture-key.ts';

/** the capture paths and the operationId each documents (with the trailing slash its libraries use) */
const CAPTURE_OPERATIONS: Readonly<Record<string, string>> = { '/batch': 'posthogBatch', '/capture': 'posthogCapture', '/e': 'posthogEvents', '/i/v0/e': 'posthogIngestEvents' };
const CAPTURE_PATHS = Object.keys(CAPTURE_OPERATIONS);
const FLAG_PATHS = ['/decide', '/flags'];
const REMOTE_CONFIG_PATH = '/array/:token/config';

/** what the OpenAPI document leaves out: the variants without the slash, and the routes that only keep the libraries running */
export const POSTHOG_UNDOCUMENTED_ROUTES: readonly string[] = [
  ...CAPTURE_PATHS.map((p) => `POST ${p}`),
  ...FLAG_PATHS.flatMap((p) => [`GET ${p}`, `POST ${p}`, `GET ${p}/`, `POST ${p}/`]),
  `GET ${REMOTE_CONFIG_PATH.replace(':token', '{token}')}`,
];
/** the routes anyone may call (no key): flags, the remote configuration and the browsers' preflights */
export const POSTHOG_PUBLIC_ROUTES: readonly string[] = [
  ...FLAG_PATHS.flatMap((p) => [`GET ${p}`, `POST ${p}`, `GET ${p}/`, `POST ${p}/`]),
  `GET ${REMOTE_CONFIG_PATH}`,
  ...[...CAPTURE_PATHS, ...FLAG_PATHS].flatMap((p) => [`OPTIONS ${p}`, `OPTIONS ${p}/`]),
];

const PostHogReceipt = Type.Intersect([Type.Object({ status: Type.Integer({ description: '1: taken (PostHog\'s answer)' }) }), Receipt]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the events of a decoded body: an array, { batch: [...] }, { data: [...] } or one event */
function eventsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body) && Array.isArray(body.batch)) return body.batch;
  if (isObject(body) && Array.isArray(body.data)) return body.data;
  if (isObject(body) && isObject(body.data)) return [body.data];
  return [body];
}

/** the project key: api_key / token of the body, else token of the first event (posthog-js) */
function keyOf(body: unknown, events: readonly unknown[], query: Record<string, unknown>): string | undefined {
  const pick = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const first = events[0];
  const props = isObject(first) && isObject(first.properties) ? first.properties : {};
  return (
    (isObject(body) ? (pick(body.api_key) ?? pick(body.token)) : undefined) ??
    (isObject(first) ? (pick(first.api_key) ?? pick(first.token)) : undefined) ??
    pick(props.token) ??
    pick(query.token) ??
    pick(query.api_key)
  );
}

/** a valid answer with no flags, in both shapes the libraries read (/decide v3 and /flags v2) */
function noFlags() {
  return {
    flags: {},
    featureFlags: {},
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
    quotaLimited: [],
    requestId: uuidv7(),
    config: { enable_collect_everything: false },
    supportedCompression: ['gzip', 'gzip-js'],
    sessionRecording: false,
    autocapture_opt_out: true,
    capturePerformance: false,
    heatmaps: false,
    surveys: false,
    siteApps: [],
    toolbarParams: {},
    isAuthenticated: false,
  };
}

export const posthogRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, ingest, config, people } = deps;

  // bodies as bytes: the encoding is decided by the query, the media type and the bytes themselves
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => allowOrigin(req, reply));

  // decode, then the project key becomes the request's credential (capture-key.ts)
  app.addHook('preValidation', async (req) => {
    const route = req.routeOptions.config;
    if (route.access !== 'write') return;
    const query = (isObject(req.query) ? req.query : {}) as Record<string, unknown>;
    const decoded = decodePostHogBody(req.body, String(req.headers['content-type'] ?? ''), typeof query.compression === 'string' ? query.compression : undefined, config.maxBodyBytes);
    if (!decoded.ok) {
      // with a bearer key the caller is known without the body: refuse a key that may not write
      // here (401/403) before saying what is wrong with the body
      if (/^Bearer\s/i.test(req.headers.authorization ?? '')) {
        req.body = { invalid: decoded.reason };
        return;
      }
      throw new TallyError('TALLY_ERR_CAPTURE_INVALID', ['posthog', decoded.reason]);
    }
    const events = eventsOf(decoded.body);
    req.body = { decoded: decoded.body, events };
    useProtocolKey(req, keyOf(decoded.body, events, query), 'api_key or token in the body');
  });

  const capture = async (req: FastifyRequest) => {
    const caller = auth.caller(req);
    const appId = writeAppOf(caller);
    const { decoded, events, invalid } = req.body as { decoded: unknown; events: unknown[]; invalid?: string };
    if (invalid !== undefined) throw new TallyError('TALLY_ERR_CAPTURE_INVALID', ['posthog', invalid]);
    if (events.length > config.maxBatchEvents) throw new TallyError('TALLY_ERR_REQUEST_TOO_MANY_EVENTS', [config.maxBatchEvents]);
    const query = (isObject(req.query) ? req.query : {}) as Record<string, unknown>;
    const querySentAt = typeof query.sent_at === 'string' && /^\d{10,16}$/.test(query.sent_at) ? Number(query.sent_at) : undefined;
    const ctx = {
      appId,
      receivedAtMs: Date.now(),
      sentAt: (isObject(decoded) ? decoded.sent_at : undefined) ?? querySentAt,
      requestIp: req.ip,
      requestUserAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
    };
    const receipt = await applyCaptured({ ingest, people, onLinked: (id) => deps.versions?.bump([id]) }, appId, events.map((e) => mapPostHogEvent(e, ctx)), { allowedAppId: appId, keyId: callerId(caller) });
    return { status: 1, ...receipt, rejected: [...receipt.rejected] };
  };

  for (const base of CAPTURE_PATHS) {
    for (const url of [base, `${base}/`]) {
      app.post(
        url,
        {
          config: { access: 'write', app: 'events' },
          schema: {
            hide: !url.endsWith('/'),
            summary: `PostHog capture (${base}/)`,
            operationId: url.endsWith('/') ? CAPTURE_OPERATIONS[base] : undefined,
            description: `PostHog's capture protocol (also ${CAPTURE_PATHS.join(', ')}, with or without a trailing slash): the project key is a Tally write key, in api_key / token. JSON, gzip (Content-Encoding or ?compression=gzip-js), base64 form posts. docs/migrate-from-posthog.md`,
            tags: ['ingest'],
            response: { 200: PostHogReceipt, ...errorResponses(400, 413, 503) },
          },
          validatorCompiler: () => () => true,
        },
        capture,
      );
    }
  }

  for (const base of FLAG_PATHS) {
    for (const url of [base, `${base}/`]) {
      for (const method of ['GET', 'POST'] as const) {
        app.route({
          method,
          url,
          config: { access: 'public' },
          schema: { hide: true },
          handler: async () => noFlags(),
        });
      }
    }
  }
  // posthog-js's remote configuration: compression and the event endpoint, nothing switched on
  app.get(
    REMOTE_CONFIG_PATH,
    { config: { access: 'public' }, schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 512 }) }) } },
    async () => ({ supportedCompression: ['gzip', 'gzip-js'], hasFeatureFlags: false, sessionRecording: false, surveys: false, heatmaps: false, autocaptureExceptions: false, capturePerformance: false, siteApps: [] }),
  );
  capturePreflights(app, [...CAPTURE_PATHS, ...FLAG_PATHS].flatMap((p) => [p, `${p}/`]));
};
