// GET /tally.js: the one-line script for any site's pages (sdk/src/script-tag.ts, bundled once per
// process by ../script-bundle.ts). No key: the page's `data-write-key` attribute is the credential
// its events carry. Revalidated by ETag; compressed when the browser accepts gzip.

import type { ScriptBundle } from '../script-bundle.ts';
import type { RouteGroup } from '../schemas.ts';

/** Browsers and CDNs may reuse it for an hour, then revalidate (the URL is not versioned). */
const CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

export const scriptRoutes: RouteGroup<{ readonly bundle: () => Promise<ScriptBundle> }> = async (app, { bundle }) => {
  app.get(
    '/tally.js',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The one-line script: automatic page views, window.tally.track()',
        description: 'Add `<script defer src="https://TALLY/tally.js" data-write-key="…" data-app="…"></script>` to a page. See docs/sdk.md.',
        operationId: 'getScript',
        tags: ['ingest'],
        security: [],
      },
    },
    async (req, reply) => {
      const script = await bundle();
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', CACHE_CONTROL)
        .header('etag', script.etag)
        .header('vary', 'accept-encoding')
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('x-content-type-options', 'nosniff');
      const tags = req.headers['if-none-match'];
      if (typeof tags === 'string' && tags.split(',').some((tag) => tag.trim().replace(/^W\//, '') === script.etag)) return reply.code(304).send();
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(script.gzip);
      return reply.send(script.code);
    },
  );
};
