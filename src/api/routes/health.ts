// Liveness (/healthz: the process answers) and readiness (/readyz: the store answers and ingest
// is accepting).

import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export function healthRoutes(app: FastifyInstance, deps: ApiDeps, isShuttingDown: () => boolean): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
    try {
      await deps.store.query('SELECT 1 AS ok', {}, { timeoutMs: 2000 });
    } catch {
      return reply.code(503).send({ status: 'store_unavailable' });
    }
    const q = deps.batcher.stats();
    return { status: 'ready', queue_events: q.queuedEvents, queue_bytes: q.queuedBytes };
  });
}
