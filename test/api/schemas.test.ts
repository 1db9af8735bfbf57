import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { ADMIN_TOKEN, KEEP_FOREVER, bearer, createApp, event, startTestTally, tempDir } from '../helpers/tally.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { createSchemaRegistry } from '../../src/event/index.ts';
import { TallyError } from '../../src/errors.ts';

const PROJECT = {
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1 },
    budget: { type: 'number', minimum: 0 },
    project_type: { enum: ['fixed', 'hourly'] },
  },
  required: ['title', 'budget'],
};

function putSchema(tally: Tally, key: string, eventName: string, body: Record<string, unknown>, appId = 'shop') {
  return tally.app.inject({ method: 'PUT', url: `/v1/schemas/${encodeURIComponent(eventName)}?app_id=${appId}`, headers: bearer(key), payload: body });
}

function setMode(tally: Tally, key: string, mode: string, appId = 'shop') {
  return tally.app.inject({ method: 'PUT', url: `/v1/apps/${appId}/settings`, headers: bearer(key), payload: { schema_mode: mode } });
}

function ingest(tally: Tally, key: string, events: unknown[]) {
  return tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(key), payload: { events } });
}

async function metric(tally: Tally, name: string): Promise<string> {
  return (await tally.metrics.registry.getSingleMetricAsString(name)) ?? '';
}

test('registering a schema creates version 1; the same input again adds nothing; a change adds version 2', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  const first = await putSchema(tally, readKey, 'project.created', { schema: PROJECT, category: 'transaction', description: 'A client posted a project', owner: 'growth' });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().version, 1);
  assert.equal(first.json().created_by.length > 0, true);

  const again = await putSchema(tally, readKey, 'project.created', { schema: PROJECT, category: 'transaction', description: 'A client posted a project', owner: 'growth' });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().version, 1);

  const changed = await putSchema(tally, ADMIN_TOKEN, 'project.created', { schema: { ...PROJECT, required: ['title'] }, category: 'transaction', owner: 'growth' });
  assert.equal(changed.statusCode, 201);
  assert.equal(changed.json().version, 2);
  assert.equal(changed.json().created_by, 'admin');

  const history = await tally.app.inject({ method: 'GET', url: '/v1/schemas/project.created?app_id=shop', headers: bearer(readKey) });
  assert.equal(history.statusCode, 200);
  assert.equal(history.json().current.version, 2);
  assert.deepEqual(history.json().versions.map((v: { version: number }) => v.version), [2, 1]);
  assert.deepEqual(history.json().versions[1].schema, PROJECT);

  const list = await tally.app.inject({ method: 'GET', url: '/v1/schemas?app_id=shop', headers: bearer(readKey) });
  assert.equal(list.json().schema_mode, 'warn');
  assert.deepEqual(list.json().schemas.map((s: { event_name: string; version: number }) => [s.event_name, s.version]), [['project.created', 2]]);
});

test('registration is checked: invalid schemas, unknown apps, other apps\' keys and read keys are refused', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const other = await createApp(tally, 'other');
  const cases: Array<[string, string, Record<string, unknown>, number, string, string?]> = [
    ['unknown keyword', shop.readKey, { schema: { type: 'object', requird: ['a'] } }, 400, 'TALLY_ERR_SCHEMA_INVALID'],
    ['non-object root', shop.readKey, { schema: { type: 'array' } }, 400, 'TALLY_ERR_SCHEMA_INVALID'],
    ['unknown category', shop.readKey, { schema: PROJECT, category: 'finance' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['unknown body field', shop.readKey, { schema: PROJECT, version: 3 }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['too large', shop.readKey, { schema: { type: 'object', description: 'x'.repeat(70_000) } }, 413, 'TALLY_ERR_SCHEMA_TOO_LARGE'],
    ['write key (public in clients)', shop.writeKey, { schema: PROJECT }, 403, 'TALLY_ERR_AUTH_FORBIDDEN'],
    ['another app\'s read key', other.readKey, { schema: PROJECT }, 403, 'TALLY_ERR_AUTH_FORBIDDEN'],
    ['unknown app', ADMIN_TOKEN, { schema: PROJECT }, 404, 'TALLY_ERR_APP_UNKNOWN', 'nope'],
  ];
  for (const [name, key, body, status, code, appId] of cases) {
    const res = await putSchema(tally, key, 'project.created', body, appId);
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    assert.equal(res.json().error.code, code, name);
  }
  const read = await tally.app.inject({ method: 'GET', url: '/v1/schemas?app_id=shop', headers: bearer(other.readKey) });
  assert.equal(read.statusCode, 403);
  const missing = await tally.app.inject({ method: 'GET', url: '/v1/schemas/nothing?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'TALLY_ERR_SCHEMA_UNKNOWN');
  assert.equal((await setMode(tally, shop.writeKey, 'enforce')).statusCode, 403);
  assert.equal((await setMode(tally, shop.readKey, 'strict')).statusCode, 400);
});

test('mode off accepts anything, warn accepts and counts mismatches, enforce rejects them naming the paths', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  assert.equal((await putSchema(tally, readKey, 'project.created', { schema: PROJECT })).statusCode, 201);
  const bad = (i: number) => event({ event_name: 'project.created', user_id: `u_${i}`, properties: { title: '', budget: 'lots', project_type: 'weekly' } });
  const good = (i: number) => event({ event_name: 'project.created', user_id: `g_${i}`, properties: { title: 'Shop', budget: 5000 } });
  const unregistered = (i: number) => event({ event_name: 'page_view', user_id: `p_${i}`, properties: { anything: [1, 2] } });

  assert.equal((await setMode(tally, readKey, 'off')).statusCode, 200);
  let receipt = (await ingest(tally, writeKey, [bad(1), good(1), unregistered(1)])).json();
  assert.deepEqual(receipt, { accepted: 3, duplicates: 0, rejected: [] });
  assert.doesNotMatch(await metric(tally, 'analytics_schema_mismatches_total'), /app_id="shop"/);

  assert.equal((await setMode(tally, readKey, 'warn')).statusCode, 200);
  receipt = (await ingest(tally, writeKey, [bad(2), good(2), unregistered(2)])).json();
  assert.deepEqual(receipt, { accepted: 3, duplicates: 0, rejected: [] });
  assert.match(await metric(tally, 'analytics_schema_mismatches_total'), /analytics_schema_mismatches_total\{app_id="shop",mode="warn"\} 1/);

  assert.equal((await setMode(tally, readKey, 'enforce')).statusCode, 200);
  receipt = (await ingest(tally, writeKey, [bad(3), good(3), unregistered(3)])).json();
  assert.equal(receipt.accepted, 2);
  assert.equal(receipt.rejected.length, 1);
  assert.equal(receipt.rejected[0].index, 0);
  assert.equal(receipt.rejected[0].code, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH');
  assert.match(receipt.rejected[0].message, /project\.created \(v1\)/);
  assert.match(receipt.rejected[0].message, /\/title minLength/);
  assert.match(receipt.rejected[0].message, /\/budget type \(must be number\)/);
  assert.match(receipt.rejected[0].message, /\/project_type enum/);
  assert.match(await metric(tally, 'analytics_schema_mismatches_total'), /mode="enforce"\} 1/);

  const single = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(writeKey), payload: bad(4) });
  assert.equal(single.statusCode, 400);
  assert.equal(single.json().error.code, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH');
});

test("a schema's category overrides the name-based category of stored events", async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  await ingest(tally, writeKey, [event({ event_name: 'invoice.paid', user_id: 'a' })]);
  await putSchema(tally, readKey, 'invoice.paid', { schema: { type: 'object' }, category: 'transaction' });
  await ingest(tally, writeKey, [event({ event_name: 'invoice.paid', user_id: 'b' })]);
  const rows = await tally.store.query<{ user_id: string; category: string }>("SELECT user_id, category FROM events WHERE app_id = 'shop' ORDER BY user_id");
  assert.deepEqual(rows, [{ user_id: 'a', category: 'other' }, { user_id: 'b', category: 'transaction' }]);
});

test('schemas and modes survive a restart (loaded from the store)', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ ...KEEP_FOREVER, TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '5', TALLY_LOG_LEVEL: 'silent' });
  const start = () => startTally(config, { listen: false, logger: pino({ level: 'silent' }) });
  let tally = await start();
  try {
    const { readKey } = await createApp(tally, 'shop');
    await putSchema(tally, readKey, 'project.created', { schema: PROJECT, category: 'transaction' });
    await putSchema(tally, readKey, 'project.created', { schema: { ...PROJECT, required: ['title'] }, category: 'transaction' });
    await setMode(tally, readKey, 'enforce');
  } finally {
    await tally.close();
  }
  tally = await start();
  try {
    assert.equal(tally.schemas.mode('shop'), 'enforce');
    assert.equal(tally.schemas.current('shop', 'project.created')?.version, 2);
    assert.equal(tally.schemas.categoryOf('shop', 'project.created'), 'transaction');
    assert.deepEqual(tally.schemas.check('shop', 'project.created', { title: 'x' }), { ok: true });
    const check = tally.schemas.check('shop', 'project.created', { budget: 1 });
    assert.equal(check.ok, false);
  } finally {
    await tally.close();
  }
});

test('limits: schemas per app and versions per event', async (t) => {
  const tally = await startTestTally(t);
  const registry = createSchemaRegistry({ store: tally.store, limits: { maxSchemaBytes: 4096, maxSchemasPerApp: 2, maxVersionsPerEvent: 2 } });
  await registry.put('lim', 'a', { schema: { type: 'object' } }, 'admin');
  await registry.put('lim', 'b', { schema: { type: 'object' } }, 'admin');
  await assert.rejects(registry.put('lim', 'c', { schema: { type: 'object' } }, 'admin'), (e: unknown) => e instanceof TallyError && e.code === 'TALLY_ERR_SCHEMA_LIMIT');
  await registry.put('lim', 'a', { schema: { type: 'object', description: 'v2' } }, 'admin');
  await assert.rejects(registry.put('lim', 'a', { schema: { type: 'object', description: 'v3' } }, 'admin'), (e: unknown) => e instanceof TallyError && e.code === 'TALLY_ERR_SCHEMA_LIMIT');
  // another app has its own budget
  await registry.put('lim2', 'c', { schema: { type: 'object' } }, 'admin');
});

test('concurrent registrations of one event get distinct, consecutive versions', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => putSchema(tally, readKey, 'search', { schema: { type: 'object', description: `v${i}` } })),
  );
  assert.deepEqual(answers.map((a) => a.json().version).sort(), [1, 2, 3, 4, 5]);
});
