// Tenant isolation and the audit trail for every route, registered once by buildApp:
//   - the tenant guard runs before schema validation on every route that is not ingest (ingest
//     checks the app of each event itself): any app named in the path, query or body (app_id or
//     app_ids) must be one the caller was granted, or the answer is 403, whatever the route, whoever
//     wrote it, and whether or not that app exists (no existence oracle);
//   - the audit hook records who asked what of which apps with what outcome, for every route but
//     ingest, health and docs.
// It also registers the trust routes (keys, raw SQL, users/GDPR, erasures, audit).

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TallyError } from '../errors.ts';
import type { AuditLog, ErasureService, KeyStore } from '../store/index.ts';
import type { RawQueryRunner } from '../query/raw-query.ts';
import { mayAccessApp } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import type { RateLimiter } from './rate-limit.ts';
import { auditRoutes } from './routes/audit.ts';
import { keyRoutes } from './routes/keys.ts';
import { queryRoutes } from './routes/query.ts';
import { userRoutes } from './routes/users.ts';

export interface TrustServices {
  readonly keys: KeyStore;
  readonly rateLimiter: RateLimiter;
  readonly rawQuery: RawQueryRunner;
  readonly erasures: ErasureService;
  readonly audit: AuditLog;
}

const subjects = new WeakMap<FastifyRequest, { subject: string; appIds?: readonly string[] }>();

/** what the audit row says was asked (a template, a hash) and of which apps, when the request does not name them */
export function setAuditSubject(req: FastifyRequest, subject: string, appIds?: readonly string[]): void {
  subjects.set(req, { subject, appIds });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stringsAt(source: unknown, key: string): string[] {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return [];
  const v = (source as Record<string, unknown>)[key];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** every app a request names: app_id / app_ids in path, query string and JSON body */
export function referencedAppIds(req: FastifyRequest): string[] {
  const ids = new Set<string>();
  for (const source of [req.params, req.query, req.body]) {
    for (const id of stringsAt(source, 'app_id')) ids.add(id);
    for (const id of stringsAt(source, 'app_ids')) ids.add(id);
  }
  return [...ids];
}

function routeTags(req: FastifyRequest): readonly string[] {
  const schema = req.routeOptions.schema as { tags?: readonly string[] } | undefined;
  return schema?.tags ?? [];
}

function isUnguarded(req: FastifyRequest): boolean {
  const url = req.routeOptions.url ?? '';
  return routeTags(req).includes('ingest') || url === '/healthz' || url === '/readyz' || url.startsWith('/docs');
}

function auditAction(req: FastifyRequest): string | undefined {
  if (isUnguarded(req) || !req.routeOptions.url) return undefined;
  const own = (req.routeOptions.config as { audit?: string } | undefined)?.audit;
  if (own) return own;
  return req.method === 'GET' || routeTags(req).includes('query') ? 'read' : 'change';
}

export function registerTrust(app: FastifyInstance, deps: ApiDeps): void {
  const { auth, trust } = deps;

  app.addHook('preValidation', async (req) => {
    if (isUnguarded(req)) return;
    const named = referencedAppIds(req);
    if (named.length === 0 || !req.headers.authorization) return; // the route answers 401 itself
    const caller = auth.caller(req);
    for (const appId of named) {
      if (!mayAccessApp(caller, appId)) throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', [`access app ${appId.slice(0, 64)}`]);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    const action = auditAction(req);
    if (!action) return;
    const caller = auth.peek(req);
    const described = subjects.get(req);
    trust.audit.record({
      atMs: Date.now(),
      requestId: String(req.id),
      keyId: caller ? (caller.kind === 'admin' ? 'admin' : caller.keyId) : '',
      callerKind: caller ? caller.kind : 'unauthenticated',
      action,
      method: req.method,
      route: req.routeOptions.url ?? '',
      appIds: (described?.appIds ?? referencedAppIds(req)).slice(0, 100).map((id) => id.slice(0, 64)),
      subject: described?.subject ?? defaultSubject(req),
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
    });
  });

  keyRoutes(app, deps);
  queryRoutes(app, deps);
  userRoutes(app, deps);
  auditRoutes(app, deps);
}

function defaultSubject(req: FastifyRequest): string {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body.template === 'string') return `template=${body.template.slice(0, 64)}`;
  return '';
}
