// Traces over real OTLP/HTTP: with OTEL_EXPORTER_OTLP_ENDPOINT set, Tally registers the SDK at
// startup, makes a span per request (child of the caller's traceparent) and one per insight, and
// flushes them on shutdown to a real receiver; unset, nothing is exported.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { specHash } from '../../src/alerts/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const PARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

test('spans of an ingest request and of an insight arrive over OTLP/HTTP with their parents, flushed at shutdown', async (t) => {
  const otlp = await startOtlpReceiver(t);
  const tally = await startTestTally(t, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'tally-test' });
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const ingest = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(writeKey), traceparent: PARENT }, payload: { events: [event()] } });
  assert.equal(ingest.statusCode, 200);
  const spec = { app_id: 'shop', from: '2026-09-01', to: '2026-11-01', series: [{ event: 'page_view' }] };
  const insight = await tally.app.inject({ method: 'POST', url: '/v1/insights/trends', headers: { ...bearer(readKey), traceparent: PARENT }, payload: spec });
  assert.equal(insight.statusCode, 200);
  await tally.app.inject({ method: 'GET', url: '/healthz' });
  await tally.close();

  assert.ok(otlp.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json'));
  const ingestSpan = otlp.spans.find((s) => s.name === 'POST /v1/batch');
  assert.ok(ingestSpan, `spans: ${otlp.spans.map((s) => s.name).join(', ')}`);
  assert.equal(ingestSpan.traceId, TRACE_ID);
  assert.equal(ingestSpan.parentSpanId, CALLER_SPAN);
  assert.equal(ingestSpan.kind, 2); // SERVER
  assert.equal(ingestSpan.attributes['http.response.status_code'], 200);
  assert.equal(ingestSpan.serviceName, 'tally-test');

  const insightSpan = otlp.spans.find((s) => s.name === 'insight insights/trends');
  assert.ok(insightSpan);
  assert.equal(insightSpan.parentSpanId, CALLER_SPAN);
  assert.equal(insightSpan.attributes['tally.analysis'], 'insights/trends');
  // the hash of the spec as validated (defaults filled in), the one the slow-query log prints
  assert.match(String(insightSpan.attributes['tally.spec_hash']), /^[0-9a-f]{16}$/);
  assert.notEqual(insightSpan.attributes['tally.spec_hash'], specHash({ ...spec, to: '2026-12-01' }));
  // a request without a traceparent starts its own trace; probes are not traced
  const appSpan = otlp.spans.find((s) => s.name === 'POST /v1/apps');
  assert.ok(appSpan);
  assert.equal(appSpan.parentSpanId, '');
  assert.ok(!otlp.spans.some((s) => s.name.includes('healthz')));
  // shutdown unregistered the SDK
  assert.equal(trace.getTracer('x').startSpan('y').isRecording(), false);
});

test('without an OTLP endpoint nothing is registered and no span is recorded', async (t) => {
  const tally = await startTestTally(t);
  assert.equal(tally.config.tracing.tracesEndpoint, undefined);
  assert.equal(trace.getTracer('tally').startSpan('probe').isRecording(), false);
});
