// The OpenAPI document at /docs/openapi.json is what other tools read (client generators, the
// schemathesis fuzzer, API gateways), so it must be valid for them and say what the server does:
// valid against the official OpenAPI schema, every schema in it valid JSON Schema 2020-12, every
// operation with a unique stable operationId, every route the app serves in it, and every error a
// route answers (401, 413, 429, 503…) declared with the common error body. Answers the server gives
// are checked against what the document declares for them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';
import { POSTHOG_UNDOCUMENTED_ROUTES } from '../../src/api/routes/posthog.ts';
import { SEGMENT_UNDOCUMENTED_ROUTES } from '../../src/api/routes/segment.ts';

type Json = Record<string, unknown>;

interface Response {
  readonly description: string;
  readonly headers?: Record<string, unknown>;
  readonly content?: Record<string, { schema: Json }>;
}

interface Operation {
  readonly operationId?: string;
  readonly tags?: string[];
  readonly security?: unknown[];
  readonly parameters?: Array<{ in: string; name: string; schema: Json }>;
  readonly requestBody?: { content: Record<string, { schema: Json }> };
  readonly responses: Record<string, Response>;
}

interface Document {
  readonly openapi: string;
  readonly servers?: unknown[];
  readonly tags?: Array<{ name: string }>;
  readonly paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** routes the app serves but leaves out of the document on purpose */
const HIDDEN = new Set(['GET /docs/openapi.json', ...POSTHOG_UNDOCUMENTED_ROUTES, ...SEGMENT_UNDOCUMENTED_ROUTES]);
/** public paths: probes and the one-line script (its data- attribute carries the write key) */
const UNAUTHENTICATED = new Set(['/healthz', '/readyz', '/tally.js']);

async function documentOf(app: FastifyInstance): Promise<Document> {
  const res = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
  assert.equal(res.statusCode, 200);
  return res.json() as Document;
}

function operations(doc: Document): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** "METHOD /path/{param}" for every route in app.printRoutes() (HEAD comes with GET; OPTIONS are CORS preflights, hidden) */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of m[3]?.split(', ') ?? []) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

/** every JSON Schema in the document (request bodies, parameters, responses, response headers) */
function schemasIn(doc: Document): Array<{ where: string; schema: Json }> {
  const found: Array<{ where: string; schema: Json }> = [];
  for (const { method, path, op } of operations(doc)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const p of op.parameters ?? []) found.push({ where: `${at} parameter ${p.name}`, schema: p.schema });
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) found.push({ where: `${at} body ${type}`, schema: media.schema });
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(response.content ?? {})) found.push({ where: `${at} ${status} ${type}`, schema: media.schema });
      for (const [name, header] of Object.entries(response.headers ?? {})) found.push({ where: `${at} ${status} header ${name}`, schema: (header as { schema: Json }).schema });
    }
  }
  return found;
}

/** OpenAPI 3.0 spellings that mean something else (or nothing) in 3.1's JSON Schema 2020-12 */
function draftLeftovers(schema: unknown, at: string, out: string[] = []): string[] {
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) draftLeftovers(s, `${at}/${i}`, out);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'additionalItems' || key === 'nullable' || (key === 'items' && Array.isArray(value))) out.push(`${at}/${key}`);
      if (key !== 'properties' || typeof value !== 'object') draftLeftovers(value, `${at}/${key}`, out);
      else for (const [name, sub] of Object.entries(value as Json)) draftLeftovers(sub, `${at}/properties/${name}`, out);
    }
  }
  return out;
}

function schemaChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, logger: false });
  addFormats.default(ajv);
  return ajv;
}

/** asserts that the document declares this answer for the operation, and that the body matches the declared schema */
function assertAnswerDeclared(doc: Document, method: string, path: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method} ${path} is not in the document`);
  const declared = op.responses[String(res.statusCode)];
  assert.ok(declared, `${method.toUpperCase()} ${path} answered ${res.statusCode}, which it does not declare (declares ${Object.keys(op.responses).join(', ')}): ${res.body.slice(0, 200)}`);
  const type = String(res.headers['content-type'] ?? '').split(';')[0];
  const media = declared.content?.[type];
  assert.ok(media, `${method} ${path} ${res.statusCode} answered ${type}, declared ${Object.keys(declared.content ?? {}).join(', ')}`);
  if (type === 'application/json') {
    const validate = schemaChecker().compile(media.schema);
    assert.ok(validate(JSON.parse(res.body)), `${method} ${path} ${res.statusCode} does not match its schema: ${JSON.stringify(validate.errors)} ${res.body.slice(0, 200)}`);
  }
  if (res.statusCode === 429 || res.statusCode === 503) {
    assert.ok(declared.headers?.['Retry-After'], `${method} ${path} ${res.statusCode} declares no Retry-After`);
  }
}

test('the OpenAPI document', async (t) => {
  const tally = await startTestTally(t);
  const doc = await documentOf(tally.app);
  const ops = operations(doc);

  await t.test('is valid against the official OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
  });

  await t.test('holds only valid JSON Schema 2020-12, with no OpenAPI 3.0 leftovers (items: [..], additionalItems, nullable)', () => {
    const ajv = schemaChecker();
    const schemas = schemasIn(doc);
    assert.ok(schemas.length > 100, `only ${schemas.length} schemas found`);
    for (const { where, schema } of schemas) {
      assert.equal(ajv.validateSchema(schema), true, `${where}: ${JSON.stringify(ajv.errors)}`);
      assert.deepEqual(draftLeftovers(schema, where), []);
    }
  });

  await t.test('names its server relative to where it is served, and defines every tag it uses', () => {
    assert.deepEqual(doc.servers, [{ url: '/', description: 'this Tally server' }]);
    const defined = new Set((doc.tags ?? []).map((tag) => tag.name));
    for (const { method, path, op } of ops) {
      assert.ok(op.tags && op.tags.length > 0, `${method} ${path} has no tag`);
      for (const tag of op.tags) assert.ok(defined.has(tag), `${method} ${path}: tag ${tag} is not defined`);
    }
  });

  await t.test('gives every operation a unique camelCase operationId', () => {
    const seen = new Map<string, string>();
    for (const { method, path, op } of ops) {
      const at = `${method.toUpperCase()} ${path}`;
      assert.ok(op.operationId, `${at} has no operationId`);
      assert.match(op.operationId, /^[a-z][a-zA-Z0-9]*$/, at);
      assert.ok(!seen.has(op.operationId), `${at} and ${seen.get(op.operationId)} share ${op.operationId}`);
      seen.set(op.operationId, at);
    }
    // stable: clients generated from the document call these names
    for (const [id, at] of [
      ['ingestEvent', 'POST /v1/events'],
      ['ingestBatch', 'POST /v1/batch'],
      ['listEvents', 'GET /v1/events'],
      ['runQuery', 'POST /v1/query'],
      ['runReport', 'POST /v1/report'],
      ['getLiveness', 'GET /healthz'],
      ['getReadiness', 'GET /readyz'],
    ]) {
      assert.equal(seen.get(id), at);
    }
  });

  await t.test('lists every route the app serves (but itself), and nothing it does not serve', () => {
    const registered = registeredRoutes(tally.app);
    assert.ok(registered.length > 30, `only ${registered.length} routes found in printRoutes`);
    const documented = new Set(ops.map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const missing = registered.filter((r) => !documented.has(r) && !HIDDEN.has(r));
    assert.deepEqual(missing, [], 'routes missing from the document');
    const extra = [...documented].filter((r) => !registered.includes(r));
    assert.deepEqual(extra, [], 'operations the app does not serve');
    for (const hidden of HIDDEN) assert.ok(registered.includes(hidden), `${hidden} is not served`);
  });

  await t.test('declares, on every route called with a key, 401, 403, 429 (rate limit, with Retry-After) and 500 with the common error body', () => {
    for (const { method, path, op } of ops) {
      if (UNAUTHENTICATED.has(path)) continue;
      for (const status of ['401', '403', '429', '500']) {
        const response = op.responses[status];
        assert.ok(response, `${method.toUpperCase()} ${path} does not declare ${status}`);
        const schema = JSON.stringify(response.content?.['application/json']?.schema);
        assert.match(schema, /"error":\{"type":"object","required":\["code","message"\]/, `${method} ${path} ${status}`);
      }
      assert.ok(op.responses['429'].headers?.['Retry-After'], `${method} ${path} 429 declares no Retry-After`);
    }
  });

  await t.test('declares 400, 413 and 415 on every route that takes a body, and 503 on ingest', () => {
    for (const { method, path, op } of ops) {
      if (!op.requestBody) continue;
      for (const status of ['400', '413', '415']) assert.ok(op.responses[status], `${method.toUpperCase()} ${path} takes a body but does not declare ${status}`);
    }
    for (const path of ['/v1/events', '/v1/batch', '/v1/quarantine/replay']) {
      assert.ok(doc.paths[path].post.responses['503']?.headers?.['Retry-After'], `${path} does not declare 503 with Retry-After`);
    }
  });

  await t.test('documents /v1/batch as JSON or NDJSON, optionally gzip, with typed events', () => {
    const batch = doc.paths['/v1/batch'].post;
    assert.deepEqual(Object.keys(batch.requestBody?.content ?? {}).sort(), ['application/json', 'application/x-ndjson']);
    assert.ok(batch.requestBody);
    const events = (batch.requestBody.content['application/json'].schema.properties as Json).events as Json;
    const item = events.items as Json;
    assert.equal(item.type, 'object', 'each event is a WireEvent, not "{…} or anything"');
    assert.ok(!('anyOf' in item) && (item.properties as Json).event_name, JSON.stringify(item).slice(0, 200));
    for (const path of ['/v1/events', '/v1/batch']) {
      const encoding = doc.paths[path].post.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === 'content-encoding');
      assert.ok(encoding, `${path} does not document Content-Encoding`);
      assert.match(JSON.stringify(encoding.schema), /gzip/);
    }
  });

  await t.test('documents /healthz and /readyz without a key, with their answers', () => {
    assert.deepEqual(doc.paths['/healthz'].get.security, []);
    assert.deepEqual(doc.paths['/readyz'].get.security, []);
    assert.ok(doc.paths['/readyz'].get.responses['503'], '/readyz declares its 503');
  });

  await t.test('says which key each route needs as the code enforces it', () => {
    // schemas and settings are changed with a read key (a server-side secret), never a write key
    for (const [method, path] of [
      ['put', '/v1/schemas/{event_name}'],
      ['put', '/v1/apps/{app_id}/settings'],
    ]) {
      const text = JSON.stringify(doc.paths[path][method]);
      assert.match(text, /read key/, `${method} ${path}`);
      assert.doesNotMatch(text, /write key/, `${method} ${path}`);
    }
  });
});

test('the answers the server gives are the ones the document declares', async (t) => {
  const tally = await startTestTally(t, { TALLY_RATE_LIMIT_WRITE: '1', TALLY_RATE_LIMIT_WRITE_BURST: '1', TALLY_RATE_LIMIT_READ: '1', TALLY_RATE_LIMIT_READ_BURST: '1', TALLY_MAX_BODY_BYTES: '100000' });
  const doc = await documentOf(tally.app);
  const shop = await createApp(tally, 'shop');
  const inject = tally.app.inject.bind(tally.app);

  await t.test('ingest: gzip NDJSON is accepted; then the write key is rate limited (429)', async () => {
    const ndjson = gzipSync(`${JSON.stringify(event())}\n${JSON.stringify(event({ user_id: 'u_2' }))}\n`);
    const ok = await inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(shop.writeKey), 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, payload: ndjson });
    assert.equal(ok.statusCode, 200, ok.body);
    assertAnswerDeclared(doc, 'post', '/v1/batch', ok);
    const limited = await inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: event() });
    assert.equal(limited.statusCode, 429, limited.body);
    assertAnswerDeclared(doc, 'post', '/v1/events', limited);
  });

  await t.test('reads: an answer, then the read key is rate limited (429), on a read route and an admin route', async () => {
    const ok = await inject({ method: 'GET', url: '/v1/events?app_id=shop&from=2026-01-01&to=2027-01-01', headers: bearer(shop.readKey) });
    assert.equal(ok.statusCode, 200, ok.body);
    assertAnswerDeclared(doc, 'get', '/v1/events', ok);
    const limited = await inject({ method: 'POST', url: '/v1/report', headers: bearer(shop.readKey), payload: { template: 'overview_stats', app_id: 'shop' } });
    assert.equal(limited.statusCode, 429, limited.body);
    assertAnswerDeclared(doc, 'post', '/v1/report', limited);
    const admin = await inject({ method: 'GET', url: '/v1/apps', headers: bearer(shop.readKey) });
    assert.equal(admin.statusCode, 429, admin.body);
    assertAnswerDeclared(doc, 'get', '/v1/apps', admin);
  });

  await t.test('refusals: no key (401), a body too large (413), a content type it does not read (415), invalid (400)', async () => {
    const answers = [
      ['post', '/v1/batch', await inject({ method: 'POST', url: '/v1/batch', payload: { events: [event()] } })],
      ['post', '/v1/batch', await inject({ method: 'POST', url: '/v1/batch', headers: bearer(ADMIN_TOKEN), payload: { events: Array.from({ length: 800 }, () => event({ properties: { pad: 'x'.repeat(200) } })) } })],
      ['post', '/v1/report', await inject({ method: 'POST', url: '/v1/report', headers: { ...bearer(ADMIN_TOKEN), 'content-type': 'application/xml' }, payload: '<report/>' })],
      ['get', '/v1/events', await inject({ method: 'GET', url: '/v1/events?app_id=NOT%20AN%20APP', headers: bearer(ADMIN_TOKEN) })],
    ] as const;
    assert.deepEqual(
      answers.map(([, , res]) => res.statusCode),
      [401, 413, 415, 400],
    );
    for (const [method, path, res] of answers) assertAnswerDeclared(doc, method, path, res);
  });

  await t.test('probes answer without a key, as declared', async () => {
    for (const path of ['/healthz', '/readyz']) assertAnswerDeclared(doc, 'get', path, await inject({ method: 'GET', url: path }));
  });

  await t.test('a user export is NDJSON on success and JSON on refusal', async () => {
    const ok = await inject({ method: 'GET', url: '/v1/users/u_1/export?app_id=shop', headers: bearer(ADMIN_TOKEN) });
    assert.equal(ok.statusCode, 200);
    assertAnswerDeclared(doc, 'get', '/v1/users/{user_id}/export', ok);
    const refused = await inject({ method: 'GET', url: '/v1/users/u_1/export?app_id=shop' });
    assert.equal(refused.statusCode, 401);
    assertAnswerDeclared(doc, 'get', '/v1/users/{user_id}/export', refused);
  });
});
