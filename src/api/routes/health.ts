// Liveness (/healthz: the process answers) and readiness (/readyz: the store answers and ingest
// is accepting). Readiness asks the ingest lane, the one writes take: busy query sessions (a long
// report, a tenant's raw SQL) make the service slower to answer questions, not unready.

import { Type } from 'typebox';
import type { RouteGroup } from '../schemas.ts';

const Live = Type.Object({ status: Type.Literal('ok') }, { description: 'The process answers' });
const Ready = Type.Object(
  { status: Type.Literal('ready'), queue_events: Type.Integer({ description: 'events waiting in the ingest queue' }), queue_bytes: Type.Integer({ description: 'their encoded bytes' }) },
  { description: 'The store answers and ingest is accepting' },
);
const NotReady = Type.Object(
  { status: Type.Union([Type.Literal('shutting_down'), Type.Literal('store_unavailable')]) },
  { description: 'Not ready: shutting down, or the store does not answer' },
);

export const healthRoutes: RouteGroup<{ readonly isShuttingDown: () => boolean }> = async (app, { deps, isShuttingDown }) => {
  // no key: probes and load balancers call these
  app.get('/healthz', { config: { access: 'public' }, schema: { summary: 'Liveness', operationId: 'getLiveness', tags: ['health'], security: [], response: { 200: Live } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { config: { access: 'public' }, schema: { summary: 'Readiness', operationId: 'getReadiness', tags: ['health'], security: [], response: { 200: Ready, 503: NotReady } } }, async (_req, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' as const });
    try {
      await deps.store.lane('ingest').query('SELECT 1 AS ok', {}, { timeoutMs: 2000 });
    } catch {
      return reply.code(503).send({ status: 'store_unavailable' as const });
    }
    const q = deps.batcher.stats();
    return { status: 'ready' as const, queue_events: q.queuedEvents, queue_bytes: q.queuedBytes };
  });
};
