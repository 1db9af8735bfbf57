// Answers to repeated identical questions (a dashboard refreshing) from memory. A route opts in
// with `config: { cache: true }` (the insights and reports: answers that depend only on the app's
// stored events, profiles and saved definitions). An answer is kept under the route, the app, the
// request's query and body, and the app's data version when the question was asked
// (store/data-versions.ts); any commit of that app's rows, an erasure, retention or a change made
// through the API moves the version, so a kept answer is never one the data has moved past. Kept
// answers also expire after TALLY_ANSWER_CACHE_TTL_SECONDS (relative ranges such as "the last 7
// days" move with the clock), and the cache is bounded in bytes (oldest first out).
//
// A request with `Cache-Control: no-cache` is answered fresh (and its answer kept for the next
// asker); with `no-store` it is answered fresh and not kept (x-tally-cache: bypass).
//
// Access checks, the tenant guard and the query budget run before a kept answer is sent, and the
// answer check after, as for any answer. With a server store other processes write too, so the
// cache is off there.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DataVersions } from '../store/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** answers may be kept (answer-cache.ts) */
    cache?: boolean;
  }
}

export interface AnswerCacheOptions {
  readonly versions: DataVersions;
  /** how long an answer is kept (ms); 0 = off */
  readonly ttlMs: number;
  /** the most bytes of answers kept */
  readonly maxBytes: number;
  readonly now?: () => number;
  /** answers served from memory and kept, by outcome */
  readonly onLookup?: (outcome: 'hit' | 'miss' | 'stored') => void;
}

interface Kept {
  readonly payload: string;
  readonly version: string;
  readonly expiresAtMs: number;
}

/** no single answer takes more than this share of the cache */
const MAX_ENTRY_SHARE = 8;
export const CACHE_HEADER = 'x-tally-cache';

/** JSON text with object keys sorted: two requests that differ only in key order ask the same question */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function appOf(req: FastifyRequest): string | undefined {
  for (const source of [req.body, req.query]) {
    const v = typeof source === 'object' && source !== null ? (source as Record<string, unknown>).app_id : undefined;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

export function registerAnswerCache(app: FastifyInstance, options: AnswerCacheOptions): void {
  const { versions, ttlMs, maxBytes } = options;
  const now = options.now ?? Date.now;
  const kept = new Map<string, Kept>();
  let bytes = 0;
  const asked = new WeakMap<FastifyRequest, { key: string; version: string }>();

  const forget = (key: string) => {
    const k = kept.get(key);
    if (!k) return;
    kept.delete(key);
    bytes -= k.payload.length;
  };

  // after the access hooks (registered before this): a refused request never reaches the cache
  app.addHook('preHandler', async (req, reply) => {
    if (ttlMs <= 0 || req.routeOptions.config.cache !== true) return;
    const appId = appOf(req);
    if (appId === undefined) return;
    const directives = String(req.headers['cache-control'] ?? '').toLowerCase();
    if (/\bno-store\b/.test(directives)) {
      reply.header(CACHE_HEADER, 'bypass');
      return;
    }
    const key = `${req.method} ${req.routeOptions.url}\u0000${appId}\u0000${canonical(req.query)}\u0000${canonical(req.body)}`;
    const version = versions.of(appId);
    const hit = kept.get(key);
    if (hit && hit.version === version && hit.expiresAtMs > now() && !/\bno-cache\b/.test(directives)) {
      options.onLookup?.('hit');
      return reply.header(CACHE_HEADER, 'hit').type('application/json; charset=utf-8').send(hit.payload);
    }
    if (hit) forget(key);
    options.onLookup?.('miss');
    asked.set(req, { key, version });
    reply.header(CACHE_HEADER, 'miss');
  });

  // after the answer check (registered before this): only answers that may leave are kept
  app.addHook('onSend', async (req, reply, payload) => {
    const q = asked.get(req);
    if (!q || reply.statusCode !== 200 || typeof payload !== 'string' || payload.length > maxBytes / MAX_ENTRY_SHARE) return payload;
    forget(q.key);
    kept.set(q.key, { payload, version: q.version, expiresAtMs: now() + ttlMs });
    bytes += payload.length;
    // oldest first out (a Map keeps insertion order)
    for (const [key] of kept) {
      if (bytes <= maxBytes) break;
      forget(key);
    }
    options.onLookup?.('stored');
    return payload;
  });

  // a change made through the API (a saved segment, a setting, an identify, an erasure request):
  // every kept answer may be stale
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || reply.statusCode >= 400) return;
    const config = req.routeOptions.config;
    if (config.question || config.app === 'events') return; // questions change nothing; ingest moves versions on commit
    versions.bumpAll();
  });
}
