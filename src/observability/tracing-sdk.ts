// Span export: when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set
// (config.tracing), the OpenTelemetry SDK is registered at startup — a tracer provider whose
// batch processor sends spans as OTLP/HTTP JSON to the endpoint, and the W3C trace-context
// propagator — so the spans the API already makes (tracing.ts, the API's request spans) are
// recorded and exported. Unset: nothing is registered and the API's tracer stays a no-op.
// shutdown() flushes what is buffered before it returns, and unregisters the SDK.

import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '../config/index.ts';
import type { Logger } from './logger.ts';

export interface TraceExport {
  /** sends what is buffered now */
  flush(): Promise<void>;
  /** flushes, stops the exporter and unregisters the SDK */
  shutdown(): Promise<void>;
}

/** spans wait at most this long in the batch before they are sent (ms) */
const EXPORT_DELAY_MS = 1000;

export function startTraceExport(config: TracingConfig, logger: Logger): TraceExport | undefined {
  if (config.tracesEndpoint === undefined) return undefined;
  const exporter = new OTLPTraceExporter({ url: config.tracesEndpoint });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: EXPORT_DELAY_MS })],
  });
  if (!trace.setGlobalTracerProvider(provider)) logger.warn('a tracer provider was already registered; Tally\'s spans go to it');
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  logger.info({ endpoint: config.tracesEndpoint.split('?')[0] }, 'exporting traces over OTLP/HTTP');
  let stopped: Promise<void> | undefined;
  return {
    flush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        await provider.forceFlush().catch((err: unknown) => logger.warn({ err }, 'spans could not be flushed'));
        await provider.shutdown().catch(() => {});
        trace.disable();
        propagation.disable();
      })();
      return stopped;
    },
  };
}
