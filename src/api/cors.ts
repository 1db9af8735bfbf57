// CORS for the ingest endpoints, so the browser SDK can send events from an app's own origin to
// Tally's. Only POST /v1/events and /v1/batch (and their preflight) are opened, to any origin:
// the write key in the Authorization header is the credential, never cookies. `Retry-After` is
// exposed so a browser client can honour it on 429/503.

import type { FastifyInstance } from 'fastify';

const INGEST_PATHS = ['/v1/events', '/v1/batch'];
/** how long a browser may cache a preflight answer (seconds) */
const PREFLIGHT_MAX_AGE_S = 600;

export function registerIngestCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.origin === undefined || req.method !== 'POST') return;
    if (!INGEST_PATHS.includes(req.url.split('?')[0])) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after');
  });

  for (const url of INGEST_PATHS) {
    app.options(url, { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'authorization, content-type, content-encoding')
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
      return reply.code(204).send();
    });
  }
}
