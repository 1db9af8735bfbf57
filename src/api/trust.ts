// Tenant isolation and the audit trail for every route, registered once by buildApp:
//   - the tenant guard runs before schema validation on every route that is not ingest (ingest
//     checks the app of each event itself): any app named in the path, query or body (app_id or
//     app_ids) must be one the caller was granted, or the answer is 403, whatever the route, whoever
//     wrote it, and whether or not that app exists (no existence oracle);
//     It runs again after validation, on the values the route will use (a number where a string
//     was expected is coerced and then checked, never skipped);
//   - every answer to an app key is checked before it leaves: an `app_id` in it that the key was
//     not granted turns the answer into a 500 (defence in depth: a bug elsewhere cannot become a
//     cross-tenant read);
//   - questions (insights, reports, listings, raw SQL) are budgeted per key (query-budget.ts);
//   - the audit hook records who asked what of which apps with what outcome, for every route but
//     ingest, health and docs.
// It registers hooks only; the routes it guards are registered by app.ts after it (and import
// nothing from here: audit subjects live in audit-subject.ts).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TallyError, errorRegistry } from '../errors.ts';
import { mayAccessApp } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { createQueryBudget } from './query-budget.ts';
import { auditSubjectOf } from './audit-subject.ts';

/** the app ids at `key`: strings as they are, numbers and booleans as the text they coerce to */
function stringsAt(source: unknown, key: string): string[] {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return [];
  const v = (source as Record<string, unknown>)[key];
  const asId = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined);
  if (Array.isArray(v)) return v.map(asId).filter((x): x is string => x !== undefined);
  const one = asId(v);
  return one === undefined ? [] : [one];
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

const APP_FIELD_RE = /"app_id":"((?:[^"\\]|\\.)*)"/g;

function isQuestion(req: FastifyRequest): boolean {
  const tags = routeTags(req);
  return tags.includes('query') || tags.includes('insights');
}

export function registerTrust(app: FastifyInstance, deps: ApiDeps): void {
  const { auth, trust, config, logger } = deps;
  const budget = createQueryBudget({ maxConcurrent: config.rateLimits.queryConcurrentPerKey, secondsPerMinute: config.rateLimits.querySecondsPerMinute });
  const budgeted = new WeakMap<FastifyRequest, string>();

  const guard = async (req: FastifyRequest) => {
    if (isUnguarded(req)) return;
    const named = referencedAppIds(req);
    if (named.length === 0 || !req.headers.authorization) return; // the route answers 401 itself
    const caller = auth.caller(req);
    for (const appId of named) {
      if (!mayAccessApp(caller, appId)) throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', [`access app ${appId.slice(0, 64)}`]);
    }
  };
  app.addHook('preValidation', guard);
  app.addHook('preHandler', guard);

  app.addHook('preHandler', async (req) => {
    if (!isQuestion(req) || !req.headers.authorization) return;
    const caller = auth.caller(req);
    if (caller.kind === 'admin') return;
    budget.acquire(caller.keyId);
    budgeted.set(req, caller.keyId);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || isUnguarded(req) || !payload.includes('"app_id":"')) return payload;
    const caller = auth.peek(req);
    if (!caller || caller.kind === 'admin') return payload;
    for (const m of payload.matchAll(APP_FIELD_RE)) {
      let appId: string;
      try {
        appId = JSON.parse(`"${m[1]}"`) as string;
      } catch {
        continue;
      }
      if (caller.appIds.includes(appId)) continue;
      logger.error({ url: req.url, keyId: caller.keyId, appId: appId.slice(0, 64) }, 'answer withheld: it held rows of an app the key was not granted');
      deps.metrics.pipelineError('tenant_check');
      reply.code(500);
      return JSON.stringify({ error: { code: 'TALLY_ERR_INTERNAL', message: errorRegistry.TALLY_ERR_INTERNAL.message } });
    }
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    const keyId = budgeted.get(req);
    if (keyId !== undefined) budget.release(keyId, reply.elapsedTime / 1000);
  });

  app.addHook('onResponse', async (req, reply) => {
    const action = auditAction(req);
    if (!action) return;
    const caller = auth.peek(req);
    const described = auditSubjectOf(req);
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

}

function defaultSubject(req: FastifyRequest): string {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body.template === 'string') return `template=${body.template.slice(0, 64)}`;
  return '';
}
