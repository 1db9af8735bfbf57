// CORS for the capture protocols: the Segment and PostHog browser libraries post from the site's
// own origin. Any origin may post (the write key in the body or Authorization header is the
// credential, never a cookie); `Retry-After` is exposed so a browser library can honour 429/503.
// Used by the capture route groups only (Tally's own /v1/events and /v1/batch: src/api/cors.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** how long a browser may cache a preflight answer (seconds) */
const PREFLIGHT_MAX_AGE_S = 600;

export function allowOrigin(req: FastifyRequest, reply: FastifyReply): void {
  if (req.headers.origin === undefined) return;
  reply.header('access-control-allow-origin', req.headers.origin === 'null' ? '*' : req.headers.origin);
  reply.header('vary', 'origin');
  reply.header('access-control-expose-headers', 'retry-after');
}

/** answers the preflight of each url (public: a preflight carries no credential) */
export function capturePreflights(app: FastifyInstance, urls: readonly string[]): void {
  for (const url of urls) {
    app.options(url, { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      allowOrigin(req, reply);
      reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'content-type, content-encoding, authorization')
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
      return reply.code(204).send();
    });
  }
}
