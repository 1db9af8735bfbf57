// Who may call each route, declared on the route and enforced here, once, for every route.
//
// A route declares it in its options: `config: { access, app?, refusal?, question?, audit?, auditSubject? }`
// (RouteAccess below). A route registered without a valid declaration stops the app from starting:
// no route can forget its check, and no handler checks access itself. The hooks, in request order:
//   - preValidation, the tenant guard: on every route but the public ones and ingest (which checks
//     the app of each event itself), any app named in the path, query or body (app_id or app_ids)
//     must be one the caller was granted, or the answer is 403 — whatever the route, and whether or
//     not that app exists (no existence oracle);
//   - preHandler, after validation: the tenant guard again, on the values the route will use (a
//     number where a string was expected is coerced and then checked, never skipped); then the
//     caller's kind against the declared access, and its grant of the app the route names; then,
//     for questions (insights, reports, listings, raw SQL), the key's query budget (query-budget.ts);
//   - onSend: every answer to an app key is checked before it leaves: an `app_id` in it that the
//     key was not granted turns the answer into a 500 (defence in depth: a bug elsewhere cannot
//     become a cross-tenant read) — except raw SQL, whose columns the caller names;
//   - onResponse: the budget is charged, and the audit trail records who asked what of which apps
//     with what outcome, for every route but the public ones and ingest.
// Checking after validation keeps the answers' order: an invalid request is 400 before it is 403.

import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { TallyError, errorRegistry } from '../errors.ts';
import { auditSubjectOf, setAuditSubject, sha256Hex } from './audit-subject.ts';
import { mayAccessApp, type Caller } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { createQueryBudget } from './query-budget.ts';

/**
 * Who may call a route:
 *   - public: anyone, no key (probes, the OpenAPI document, CORS preflights);
 *   - admin: the admin token only;
 *   - read / write: a key of that kind (or the admin token), granted the app the route names;
 *   - read_or_write: a key of either kind (or the admin token), granted the app the route names;
 *   - learner: as read, or a learner token minted for the app the route names and the route's
 *     {user_id} (a learner token may call no other route).
 */
export const ACCESS_LEVELS = ['public', 'admin', 'read', 'write', 'read_or_write', 'learner'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * How a read / write route names its app:
 *   - params / query / body: its `app_id` there (a write key acts on its one app, a read key on any it was granted);
 *   - events: ingest, where each event names its app and the pipeline checks it against the write key;
 *   - granted: the apps the key was granted, narrowed by the request (raw SQL).
 */
export const APP_SOURCES = ['params', 'query', 'body', 'events', 'granted'] as const;
export type AppSource = (typeof APP_SOURCES)[number];

/** What the audit row says was asked, computed from the request: a hash of the user id or of the SQL text, never the text. */
export type AuditSubjectKind = 'user' | 'sql';

export interface RouteAccess {
  readonly access: AccessLevel;
  /** read / write / read_or_write only: where the route names its app */
  readonly app?: AppSource;
  /** what a refusal says may not be done; the app's id follows when the route names one (default 'read app') */
  readonly refusal?: string;
  /** a question: charged to the key's query budget */
  readonly question?: boolean;
  /** the audit action (default: read for GET, change otherwise) */
  readonly audit?: string;
  readonly auditSubject?: AuditSubjectKind;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessLevel;
    app?: AppSource;
    refusal?: string;
    question?: boolean;
    audit?: string;
    auditSubject?: AuditSubjectKind;
  }
}

const DEFAULT_REFUSAL = {
  admin: 'perform admin operations',
  events: 'ingest events (use a write key)',
  granted: 'run queries (use a read key)',
  named: 'read app',
} as const;

/** why a route's declaration is not one this module can enforce, or undefined when it is */
export function declarationProblem(config: unknown): string | undefined {
  const c = typeof config === 'object' && config !== null ? (config as Partial<RouteAccess>) : {};
  if (!ACCESS_LEVELS.includes(c.access as AccessLevel)) return `declares no access (config.access: one of ${ACCESS_LEVELS.join(', ')})`;
  const needsApp = c.access === 'read' || c.access === 'write' || c.access === 'read_or_write' || c.access === 'learner';
  if (needsApp && !APP_SOURCES.includes(c.app as AppSource)) return `access ${c.access} names no app (config.app: one of ${APP_SOURCES.join(', ')})`;
  if (!needsApp && c.app !== undefined) return `access ${c.access} takes no app (config.app is for read / write routes)`;
  if (c.app === 'events' && c.access !== 'write') return 'app events is for ingest (access write)';
  if (c.app === 'granted' && c.access !== 'read') return 'app granted is for raw SQL (access read)';
  if (c.access === 'learner' && c.app !== 'query' && c.app !== 'body') return 'access learner names its app in the query or body (config.app: query or body)';
  if (c.question && c.access === 'public') return 'a public route cannot be a question (budgets are per key)';
  return undefined;
}

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

const declaredByApp = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** every route registered on `app` with what it declared (HEAD and OPTIONS included) */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declaredByApp.get(app) ?? [];
}

function routeOf(req: FastifyRequest): RouteAccess | undefined {
  const config = req.routeOptions.config;
  return config.access === undefined ? undefined : { ...config, access: config.access };
}

/** public routes and ingest are outside the tenant guard, the answer check and the audit trail */
function isUnguarded(route: RouteAccess | undefined): boolean {
  return route?.access === 'public' || route?.app === 'events';
}

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

function sourceOf(req: FastifyRequest, app: 'params' | 'query' | 'body'): unknown {
  return app === 'params' ? req.params : app === 'query' ? req.query : req.body;
}

function refuse(what: string): never {
  throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', [what]);
}

/** the caller's kind against the route's access, and its grant of the app the route names */
function enforce(route: RouteAccess, caller: Caller, req: FastifyRequest): void {
  if (route.access === 'public' || caller.kind === 'admin') return;
  if (route.access === 'admin') refuse(route.refusal ?? DEFAULT_REFUSAL.admin);
  if (caller.kind === 'learner') {
    // a learner token reads its own user's learner routes of its own app, and nothing else
    const appId = stringsAt(sourceOf(req, route.app === 'body' ? 'body' : 'query'), 'app_id')[0] ?? '';
    const [userId] = stringsAt(req.params, 'user_id');
    if (route.access !== 'learner' || appId !== caller.appId || userId !== caller.userId) refuse('read anything but its own learner views (a learner token)');
    return;
  }
  if (route.app === 'events') {
    if (caller.kind !== 'write') refuse(route.refusal ?? DEFAULT_REFUSAL.events);
    return;
  }
  if (route.app === 'granted') {
    if (caller.kind !== 'read') refuse(route.refusal ?? DEFAULT_REFUSAL.granted);
    return;
  }
  const appId = stringsAt(sourceOf(req, route.app ?? 'body'), 'app_id')[0] ?? '';
  const kinds: readonly string[] = route.access === 'read_or_write' ? ['read', 'write'] : route.access === 'learner' ? ['read'] : [route.access];
  // a write key acts on its one app (as at ingest); a read key on any app it was granted
  const granted = caller.kind === 'write' ? caller.appId === appId : mayAccessApp(caller, appId);
  if (!kinds.includes(caller.kind) || !granted) refuse(`${route.refusal ?? DEFAULT_REFUSAL.named} ${appId}`);
}

function auditSubject(kind: AuditSubjectKind, req: FastifyRequest): string {
  if (kind === 'sql') return `sql_sha256=${sha256Hex(stringsAt(req.body, 'sql')[0] ?? '')}`;
  const [appId] = [...stringsAt(req.query, 'app_id'), ...stringsAt(req.body, 'app_id')];
  const [userId] = stringsAt(req.params, 'user_id');
  return `user_sha256=${sha256Hex(`${appId ?? ''}\u0000${userId ?? ''}`)}`;
}

function defaultSubject(req: FastifyRequest): string {
  const [template] = stringsAt(req.body, 'template');
  return template === undefined ? '' : `template=${template.slice(0, 64)}`;
}

const APP_FIELD_RE = /"app_id":"((?:[^"\\]|\\.)*)"/g;

export function registerRouteAccess(app: FastifyInstance, deps: ApiDeps): void {
  const { auth, trust, config, logger } = deps;
  const budget = createQueryBudget({ maxConcurrent: config.rateLimits.queryConcurrentPerKey, secondsPerMinute: config.rateLimits.querySecondsPerMinute });
  const budgeted = new WeakMap<FastifyRequest, string>();
  const declared: DeclaredRoute[] = [];
  declaredByApp.set(app, declared);

  app.addHook('onRoute', (route: RouteOptions) => {
    const problem = declarationProblem(route.config);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (problem) throw new Error(`route ${methods.join(',')} ${route.url} ${problem}`);
    const access = route.config as RouteAccess;
    for (const method of methods) declared.push({ method, url: route.url, access });
  });

  const guard = (req: FastifyRequest): void => {
    const named = referencedAppIds(req);
    if (named.length === 0 || !req.headers.authorization) return; // no key: refused 401 after validation
    const caller = auth.caller(req);
    for (const appId of named) {
      if (!mayAccessApp(caller, appId)) refuse(`access app ${appId.slice(0, 64)}`);
    }
  };

  app.addHook('preValidation', async (req) => {
    const route = routeOf(req);
    if (!isUnguarded(route)) guard(req);
    // an admin route refuses any other key before judging what it sent
    if (route?.access === 'admin' && req.headers.authorization) enforce(route, auth.caller(req), req);
  });

  app.addHook('preHandler', async (req) => {
    const route = routeOf(req);
    if (route?.access === 'public') return;
    if (!isUnguarded(route)) guard(req);
    if (!route) return; // not found: answered 404
    if (route.auditSubject) setAuditSubject(req, auditSubject(route.auditSubject, req));
    const caller = auth.caller(req);
    enforce(route, caller, req);
    if (route.question && caller.kind !== 'admin') {
      budget.acquire(caller.keyId);
      budgeted.set(req, caller.keyId);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const route = routeOf(req);
    // raw SQL answers hold whatever columns the caller wrote (`SELECT 'x' AS app_id`); its rows come
    // only from scoped reads on sessions of its own (query/raw), so they are not checked here
    if (typeof payload !== 'string' || isUnguarded(route) || route?.app === 'granted' || !payload.includes('"app_id":"')) return payload;
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
    const route = routeOf(req);
    if (!route || isUnguarded(route) || !req.routeOptions.url) return;
    const caller = auth.peek(req);
    const described = auditSubjectOf(req);
    trust.audit.record({
      atMs: Date.now(),
      requestId: String(req.id),
      keyId: caller ? callerId(caller) : '',
      callerKind: caller ? caller.kind : 'unauthenticated',
      action: route.audit ?? (req.method === 'GET' ? 'read' : 'change'),
      method: req.method,
      route: req.routeOptions.url,
      appIds: (described?.appIds ?? referencedAppIds(req)).slice(0, 100).map((id) => id.slice(0, 64)),
      subject: described?.subject ?? defaultSubject(req),
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
    });
  });
}

/** 'admin' or the key id, as recorded on what the caller creates and in the audit trail */
export function callerId(caller: Caller): string {
  return caller.kind === 'admin' ? 'admin' : caller.keyId;
}
