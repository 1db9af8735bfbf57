// A SERVER span per API request while traces are exported (tracing-sdk.ts): child of the caller's
// W3C traceparent when it sent one; questions (insights, reports) are named `insight <analysis>`
// and carry the analysis and the hash of their spec. The request's traceparent header is then the
// span's, so what the request hands on (the ingest route's Kafka header) continues this trace.
// Probes and other public routes are not traced.

import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { specHash } from '../alerts/index.ts';
import { formatTraceparent, parseTraceparent } from '../observability/tracing.ts';

export function registerRequestSpans(app: FastifyInstance, tracer: Tracer = trace.getTracer('tally')): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    const config = req.routeOptions.config as { access?: string; question?: boolean } | undefined;
    if (!route || !config?.access || config.access === 'public') return;
    const parent = parseTraceparent(req.headers.traceparent, req.headers.tracestate);
    const analysis = config.question ? route.replace(/^\/v1\//, '') : undefined;
    const span = tracer.startSpan(
      analysis ? `insight ${analysis}` : `${req.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'http.route': route, ...(analysis ? { 'tally.analysis': analysis } : {}) } },
      parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    spans.set(req, span);
    if (span.isRecording()) req.headers.traceparent = formatTraceparent(span.spanContext());
  });
  app.addHook('onResponse', async (req, reply) => {
    const span = spans.get(req);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if ((req.routeOptions.config as { question?: boolean } | undefined)?.question) span.setAttribute('tally.spec_hash', specHash(req.body ?? req.query));
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
