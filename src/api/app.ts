// The HTTP API. Builds a Fastify instance from its dependencies; routes are tested with
// app.inject() and served by the service. Every error leaves as { error: { code, message } } with
// a code from the registry; engine internals and stacks are logged, never sent.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TallyError, errorRegistry, formatMessage, type ErrorCode } from '../errors.ts';
import { isClientSideStoreError, pinReadPosition } from '../store/index.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { limitConnectionsPerAddress } from './connection-limit.ts';
import { registerAnswerCache } from './answer-cache.ts';
import { engineLimitReason } from '../query/index.ts';
import type { ApiDeps } from './deps.ts';
import { appRoutes } from './routes/apps.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { reportRoutes } from './routes/report.ts';
import { registerRouteAccess } from './route-access.ts';
import { keyRoutes } from './routes/keys.ts';
import { queryRoutes } from './routes/query.ts';
import { userRoutes } from './routes/users.ts';
import { auditRoutes } from './routes/audit.ts';
import { schemaRoutes } from './routes/schemas.ts';
import { quarantineRoutes } from './routes/quarantine.ts';
import { sourceRoutes } from './routes/sources.ts';
import { propertyRoutes } from './routes/properties.ts';
import { registerIngestCors } from './cors.ts';
import { trendsRoutes } from './routes/insights-trends.ts';
import { aggregationsRoutes } from './routes/insights-aggregations.ts';
import { segmentRoutes } from './routes/insights-segments.ts';
import { funnelRoutes } from './routes/insights-funnels.ts';
import { retentionRoutes } from './routes/insights-retention.ts';
import { pathRoutes } from './routes/insights-paths.ts';
import { experimentRoutes } from './routes/insights-experiments.ts';
import { jobRoutes } from './routes/jobs.ts';
import { learningRoutes } from './routes/learning.ts';
import { identifyRoutes } from './routes/identify.ts';
import { segmentCaptureRoutes } from './routes/segment.ts';
import { posthogRoutes } from './routes/posthog.ts';
import { realtimeMetricsRoutes } from './routes/realtime-metrics.ts';
import type { SinkService } from '../sinks/index.ts';
import { sinkRoutes } from './routes/sinks.ts';
import type { Scheduler } from '../jobs/index.ts';
import type { AlertService, SlowQueryLog } from '../alerts/index.ts';
import { alertRoutes } from './routes/alerts.ts';
import { registerRequestSpans } from './request-spans.ts';
import { scriptRoutes } from './routes/script.ts';
import { scriptBundleCache } from './script-bundle.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { createWebFiles } from './web-files.ts';

export interface BuildAppOptions {
  readonly isShuttingDown?: () => boolean;
  /** the job scheduler the job routes queue runs on (absent: no job routes) */
  readonly jobs?: Scheduler;
  /** the export sinks (absent: no sink routes) */
  readonly sinks?: SinkService;
  /** alert rules and the built-in pipeline rules (absent: no alert routes) */
  readonly alerts?: AlertService;
  /** where slow questions are logged and kept for the slow_queries rule (absent: not timed) */
  readonly slowQueries?: SlowQueryLog;
  /** the built dashboard served at / (default web/dist of this checkout) */
  readonly webDir?: string;
}

function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/** Maps Fastify's own errors (body size, media type, schema validation) to registry codes. */
function fromFastifyError(err: FastifyError, maxBodyBytes: number): TallyError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TallyError('TALLY_ERR_REQUEST_BODY_TOO_LARGE', [maxBodyBytes]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TallyError('TALLY_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', ['use application/json or application/x-ndjson']);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new TallyError('TALLY_ERR_REQUEST_INVALID', ['empty JSON body']);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new TallyError('TALLY_ERR_REQUEST_INVALID', ['content-length does not match the body']);
    case 'FST_ERR_VALIDATION':
      return new TallyError('TALLY_ERR_REQUEST_INVALID', [err.message.slice(0, 300)]);
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return new TallyError('TALLY_ERR_REQUEST_BAD_ENCODING', ['invalid gzip data']);
    default:
      if (err.validation) return new TallyError('TALLY_ERR_REQUEST_INVALID', [err.message.slice(0, 300)]);
      return undefined;
  }
}

/** the path of the first number that is not finite in `value` (bounded depth), or undefined */
function nonFinitePath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = nonFinitePath(v, `${path}/${k}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function buildApp(deps: ApiDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config, logger, metrics } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    keepAliveTimeout: 65_000,
    // a request must arrive whole in time: stalled headers or bodies are cut, checked every second
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(10_000, config.requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tally API',
        version: '1',
        description: 'Event analytics: ingest events, ask product questions. Every error is { "error": { "code", "message" } } with a code from docs/errors.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // relative: the document describes the server that serves it
      servers: [{ url: '/', description: 'this Tally server' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the admin token, a write key (ingest into its app) or a read key (read its apps)' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'ingest', description: 'Send events (write key); answered after commit' },
        { name: 'query', description: 'Raw events, reports and read-only SQL (read key)' },
        { name: 'insights', description: 'Trends, funnels, retention, paths, segments, experiments (read key)' },
        { name: 'segments', description: 'Saved custom segments (read key)' },
        { name: 'dashboards', description: 'Saved dashboards: pinned insights per app (read key)' },
        { name: 'schemas', description: 'Tracking plans: event schemas and the validation mode' },
        { name: 'quarantine', description: 'Rejected events: inspect (read key) and replay (write key)' },
        { name: 'privacy', description: 'Erase, anonymise and export a user (GDPR)' },
        { name: 'admin', description: 'Apps, keys and the audit log (admin token)' },
        { name: 'alerts', description: 'Alert rules on trends (threshold, change, anomaly), signed webhooks, history; pipeline rules (admin token)' },
        { name: 'jobs', description: 'Scheduled jobs: runs, manual runs and backfills (read key of the app)' },
        { name: 'learning', description: 'Learning: action weights (seed 000) and the learner model (seed 002): curriculum, learner views, learner tokens' },
        { name: 'health', description: 'Liveness and readiness probes (no key)' },
      ],
    },
  });

  limitConnectionsPerAddress(app.server, config.maxConnectionsPerIp, (address) => logger.warn({ address }, 'connection refused: too many open from this address'));
  registerBodyParsers(app);
  // every statement a request runs waits for the events acknowledged before it arrived (and no later ones)
  const { readBarrier } = deps;
  if (readBarrier) app.addHook('onRequest', (_req, _reply, done) => pinReadPosition(readBarrier.position(), done));
  // who may call each route: declared by the route, enforced by these hooks (before any route is added, so every one is checked)
  registerRouteAccess(app, deps);
  registerIngestCors(app);

  // Schema validation lets a number too large for a double through as Infinity (`limit=1e309`,
  // `{"n": 1e309}` in JSON): refuse it here, after coercion, before any handler binds it. Event
  // payloads are checked by the ingest pipeline instead (their bodies can be large).
  app.addHook('preHandler', async (req) => {
    const config = req.routeOptions.config as { app?: string } | undefined;
    if (config?.app === 'events') return;
    for (const [part, value] of [['querystring', req.query], ['params', req.params], ['body', req.body]] as const) {
      const where = nonFinitePath(value, part, 0);
      if (where) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`${where} must be a finite number`]);
    }
  });

  // repeated identical questions from memory, after every check above; the engine's only writer (embedded store) sees every change
  if (deps.versions && config.answerCache.ttlSeconds > 0 && config.store.kind === 'embedded') {
    registerAnswerCache(app, { versions: deps.versions, ttlMs: config.answerCache.ttlSeconds * 1000, maxBytes: config.answerCache.maxBytes, onLookup: (outcome) => metrics.answerCache(outcome) });
  }

  // during shutdown, answers close their connection so idle keep-alive sockets do not hold it open
  app.addHook('onSend', async (_req, reply, payload) => {
    if (options.isShuttingDown?.()) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    metrics.observeHttp(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  // while traces are exported: a span per request (insights named after their analysis)
  if (config.tracing.tracesEndpoint !== undefined) registerRequestSpans(app);

  // questions (insights, reports, listings) are timed: a slow one is logged with its analysis and spec hash
  const slowQueries = options.slowQueries;
  if (slowQueries) {
    app.addHook('onResponse', async (req, reply) => {
      if (req.routeOptions.config?.question) slowQueries.observe((req.routeOptions.url ?? '').replace(/^\/v1\//, ''), req.body ?? req.query, reply.elapsedTime);
    });
  }

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = err instanceof TallyError ? err : fromFastifyError(err, config.maxBodyBytes);
    if (known) {
      if (known.retryAfterSeconds !== undefined) reply.header('retry-after', String(known.retryAfterSeconds));
      if (known.status >= 500) logger.warn({ err: known.cause ?? known, url: req.url }, known.message);
      return reply.code(known.status).send(errorBody(known.code, known.message));
    }
    const limit = engineLimitReason(err);
    if (limit) {
      logger.warn({ err, url: req.url }, 'query stopped by an engine limit');
      return reply.code(422).send(errorBody('TALLY_ERR_QUERY_LIMIT', formatMessage('TALLY_ERR_QUERY_LIMIT', [limit, limit])));
    }
    if (isClientSideStoreError(err)) {
      return reply.code(400).send(errorBody('TALLY_ERR_QUERY_INVALID', formatMessage('TALLY_ERR_QUERY_INVALID', ['the engine rejected the query'])));
    }
    logger.error({ err, url: req.url, method: req.method }, 'unhandled error');
    deps.metrics.pipelineError('http');
    return reply.code(500).send(errorBody('TALLY_ERR_INTERNAL', errorRegistry.TALLY_ERR_INTERNAL.message));
  });

  // the dashboard's files and pages, for GET requests no route answered (never under the API's paths)
  const web = createWebFiles(options.webDir);
  app.setNotFoundHandler(async (req, reply) => {
    if (await web.serve(req, reply)) return reply;
    return reply.code(404).send(errorBody('TALLY_ERR_NOT_FOUND', formatMessage('TALLY_ERR_NOT_FOUND', [`${req.method} ${req.url.split('?')[0].slice(0, 200)}`])));
  });

  // route groups are plugins: each declares its routes' access, schemas and handlers
  for (const group of [keyRoutes, queryRoutes, userRoutes, auditRoutes, appRoutes, ingestRoutes, eventRoutes, reportRoutes, dashboardRoutes, schemaRoutes, quarantineRoutes, sourceRoutes, propertyRoutes]) {
    await app.register(group, { deps });
  }
  await app.register(healthRoutes, { deps, isShuttingDown: options.isShuttingDown ?? (() => false) });
  await app.register(scriptRoutes, { deps, bundle: scriptBundleCache() });
  for (const group of [trendsRoutes, aggregationsRoutes, segmentRoutes, funnelRoutes, retentionRoutes, pathRoutes, experimentRoutes]) {
    await app.register(group, { deps });
  }
  await app.register(learningRoutes, { deps });
  if (deps.people) await app.register(identifyRoutes, { deps, people: deps.people });
  // Segment's and PostHog's capture protocols (explicit routes: they win over any catch-all GET)
  await app.register(segmentCaptureRoutes, { deps });
  await app.register(posthogRoutes, { deps });
  if (deps.realtimeMetrics) await app.register(realtimeMetricsRoutes, { deps, metrics: deps.realtimeMetrics });
  if (options.jobs) await app.register(jobRoutes, { deps, jobs: options.jobs });
  if (options.sinks) await app.register(sinkRoutes, { deps, sinks: options.sinks });
  if (options.alerts) await app.register(alertRoutes, { deps, alerts: options.alerts });

  app.get('/docs/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
