// The dashboard's static files (web/dist, built by `npm run build -w web`), served at / by the
// same server as the API. Only GET/HEAD requests no route answered reach here, so the API and its
// 404s are unchanged: paths under the API's prefixes always get the JSON 404. Hashed assets are
// immutable for a year, index.html is revalidated on every load, every file carries the content
// security policy, and a page path the app routes itself (/insights/trends, …) gets index.html
// when the client asks for HTML (the single-page-app fallback). Files are read on demand and
// kept in memory (gzip alongside) while their mtime stands; the directory is bounded by the build.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** paths that belong to the API: never the dashboard, never the fallback */
const API_PREFIXES = ['/v1/', '/docs/', '/healthz', '/readyz', '/metrics', '/tally.js'];

/** `'unsafe-inline'` styles only: ECharts and React position elements with style attributes; no script runs that the build did not emit */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

interface Cached {
  readonly mtimeMs: number;
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
}

export interface WebFiles {
  /** answers the request from the dashboard's files; false when it is not one of theirs */
  serve(req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

/** `dir`: the built dashboard (default web/dist of this checkout) */
export function createWebFiles(dir: string = path.resolve(import.meta.dirname, '../../web/dist')): WebFiles {
  const root = path.resolve(dir);
  const cache = new Map<string, Cached>();

  async function load(file: string): Promise<Cached | undefined> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    const kept = cache.get(file);
    if (kept && kept.mtimeMs === info.mtimeMs) return kept;
    const body = await readFile(file);
    const fresh = { mtimeMs: info.mtimeMs, body, gzip: COMPRESSIBLE.has(path.extname(file)) && body.length > 1024 ? gzipSync(body) : undefined };
    cache.set(file, fresh);
    return fresh;
  }

  function send(req: FastifyRequest, reply: FastifyReply, file: string, found: Cached, cacheControl: string): true {
    const gzip = found.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    reply
      .code(200)
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl)
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('vary', 'accept-encoding');
    if (gzip) reply.header('content-encoding', 'gzip');
    reply.send(gzip ? found.gzip : found.body);
    return true;
  }

  return {
    async serve(req, reply) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      let pathname: string;
      try {
        pathname = decodeURIComponent((req.url.split('?')[0] ?? '/').slice(0, 1000));
      } catch {
        return false;
      }
      if (API_PREFIXES.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p))) return false;
      const index = path.join(root, 'index.html');
      if (pathname !== '/' && pathname !== '/index.html') {
        const file = path.resolve(root, `.${path.posix.normalize(pathname)}`);
        if (file.startsWith(root + path.sep)) {
          const found = await load(file);
          if (found) return send(req, reply, file, found, pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
        }
        // the fallback: a page of the app, asked for by a browser (a missing asset stays a 404)
        if (pathname.startsWith('/assets/') || path.extname(pathname) !== '' || !String(req.headers.accept ?? '').includes('text/html')) return false;
      }
      const page = await load(index);
      if (!page) return false;
      return send(req, reply, index, page, 'no-cache');
    },
  };
}
