// Public surface of observability: metrics registry, metrics server, logger.
export { createMetrics } from './metrics.ts';
export type { Metrics } from './metrics.ts';
export { startMetricsServer } from './metrics-server.ts';
export { createLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export { startTraceExport } from './tracing-sdk.ts';
export type { TraceExport } from './tracing-sdk.ts';
