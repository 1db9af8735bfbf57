// Every route says who may call it, and one hook enforces it: the routes of a running Tally are
// walked (printRoutes, so a route added anywhere is seen) and each must carry a declaration the
// hook can enforce; a declaration it cannot enforce stops the app from starting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { declarationProblem, declaredRoutes, registerRouteAccess } from '../../src/api/route-access.ts';
import type { ApiDeps } from '../../src/api/index.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { POSTHOG_PUBLIC_ROUTES } from '../../src/api/routes/posthog.ts';
import { SEGMENT_PUBLIC_ROUTES } from '../../src/api/routes/segment.ts';

/** "METHOD /path/:param" for every route in app.printRoutes() */
function registeredRoutes(printed: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of printed.split('\n')) {
    const m = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = m[1].length / 4;
    stack.push(m[2]);
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${stack.join('')}`);
  }
  return routes;
}

test('every registered route declares who may call it', async (t) => {
  const tally = await startTestTally(t);
  const registered = registeredRoutes(tally.app.printRoutes({ commonPrefix: false }));
  assert.ok(registered.length > 30, `only ${registered.length} routes found`);
  const declared = new Map(declaredRoutes(tally.app).map((r) => [`${r.method} ${r.url}`, r.access]));
  for (const route of registered) {
    const access = declared.get(route);
    assert.ok(access, `${route} declares no access`);
    assert.equal(declarationProblem(access), undefined, route);
  }
  // the ones anyone may call are the probes, the document, the CORS preflights and PostHog's flag answers
  const open = [...declared].filter(([, a]) => a.access === 'public').map(([r]) => r).filter((r) => !r.startsWith('HEAD '));
  assert.deepEqual(open.sort(), ['GET /docs/openapi.json', 'GET /healthz', 'GET /readyz', 'GET /tally.js', 'OPTIONS /v1/batch', 'OPTIONS /v1/events', ...POSTHOG_PUBLIC_ROUTES, ...SEGMENT_PUBLIC_ROUTES].sort());
});

test('a declaration the hook cannot enforce is refused', () => {
  const invalid: Array<[unknown, RegExp]> = [
    [undefined, /declares no access/],
    [{}, /declares no access/],
    [{ access: 'everyone' }, /declares no access/],
    [{ access: 'read' }, /names no app/],
    [{ access: 'write', app: 'header' }, /names no app/],
    [{ access: 'admin', app: 'query' }, /takes no app/],
    [{ access: 'public', app: 'body' }, /takes no app/],
    [{ access: 'read', app: 'events' }, /for ingest/],
    [{ access: 'write', app: 'granted' }, /for raw SQL/],
    [{ access: 'public', question: true }, /cannot be a question/],
  ];
  for (const [config, problem] of invalid) assert.match(declarationProblem(config) ?? 'accepted', problem, JSON.stringify(config));
  for (const config of [{ access: 'public' }, { access: 'admin' }, { access: 'read', app: 'query', question: true }, { access: 'read_or_write', app: 'params' }, { access: 'write', app: 'events' }]) {
    assert.equal(declarationProblem(config), undefined, JSON.stringify(config));
  }
});

test('a route registered without a declaration stops the app from starting', async () => {
  const app = Fastify();
  const deps = { config: { rateLimits: { queryConcurrentPerKey: 1, querySecondsPerMinute: 0 } } } as unknown as ApiDeps;
  registerRouteAccess(app, deps);
  app.get('/declared', { config: { access: 'public' } }, async () => ({ ok: true }));
  assert.throws(() => app.get('/undeclared', async () => ({ ok: true })), /GET \/undeclared declares no access/);
  await app.close();
});

test('the declared access is what the hook enforces, whichever key calls', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const ask = async (key: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await tally.app.inject({ method, url, headers: key ? bearer(key) : {}, payload: payload as Record<string, unknown> | undefined });
    return res.statusCode === 403 ? `403 ${res.json().error.message}` : res.statusCode;
  };
  // admin only
  assert.equal(await ask(shop.readKey, 'GET', '/v1/apps'), '403 this key may not perform admin operations');
  assert.equal(await ask(ADMIN_TOKEN, 'GET', '/v1/apps'), 200);
  // a read route refuses a write key, naming the app
  assert.match(String(await ask(shop.writeKey, 'GET', '/v1/events?app_id=shop')), /^403 .*read app shop/);
  // ingest refuses a read key
  assert.match(String(await ask(shop.readKey, 'POST', '/v1/batch', { events: [] })), /^403 .*ingest events \(use a write key\)/);
  // raw SQL refuses a write key
  assert.match(String(await ask(shop.writeKey, 'POST', '/v1/query', { sql: 'SELECT 1' })), /^403 .*run queries \(use a read key\)/);
  // read_or_write: both kinds read schemas; only a read key changes settings
  assert.equal(await ask(shop.writeKey, 'GET', '/v1/schemas?app_id=shop'), 200);
  assert.match(String(await ask(shop.writeKey, 'PUT', '/v1/apps/shop/settings', { schema_mode: 'warn' })), /^403 .*change settings of app shop/);
  assert.equal(await ask(shop.readKey, 'PUT', '/v1/apps/shop/settings', { schema_mode: 'warn' }), 200);
  // no key: 401 everywhere but the public routes
  assert.equal(await ask(undefined, 'GET', '/v1/apps'), 401);
  assert.equal(await ask(undefined, 'GET', '/healthz'), 200);
});
