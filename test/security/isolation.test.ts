// Tenant isolation on every route, read from the OpenAPI document so that routes added later are
// covered without touching this test: for each operation, a read key of app B naming app A (in the
// path, the query string and the body, wherever the operation takes an app_id) is refused with 403,
// and no answer carries A's data. Operations that name no app must refuse B's read key too, or answer
// without A's data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

interface Parameter {
  readonly in: 'path' | 'query' | 'header';
  readonly name: string;
  readonly schema?: { pattern?: string };
}

interface Operation {
  readonly tags?: string[];
  readonly parameters?: Parameter[];
  readonly requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}

const SAMPLES: Record<string, string> = {
  user_id: 'alpha-user-0',
  key_id: '000000000000',
  erasure_id: `er_${'0'.repeat(24)}`,
  event_name: 'page_view',
  quarantine_id: '01890000-0000-7000-8000-000000000001',
  name: 'segment_x',
};

const A_MARKERS = ['ALPHA_SECRET', 'alpha-user-'];

function requestFor(path: string, op: Operation, appId: string) {
  let url = path;
  const query = new URLSearchParams();
  let namesApp = false;
  for (const p of op.parameters ?? []) {
    const value = p.name === 'app_id' ? appId : (SAMPLES[p.name] ?? 'x');
    if (p.name === 'app_id') namesApp = true;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query' && (p.name === 'app_id' || p.name in SAMPLES)) query.set(p.name, value);
  }
  const content = op.requestBody?.content;
  let payload: Record<string, unknown> | undefined;
  if (content) {
    payload = {};
    const props = Object.values(content)[0]?.schema.properties ?? {};
    if ('app_id' in props) {
      payload.app_id = appId;
      namesApp = true;
    }
    if ('sql' in props) payload.sql = 'SELECT user_id, properties FROM events';
    if ('template' in props) payload.template = 'overview_stats';
  }
  const qs = query.toString();
  return { url: qs ? `${url}?${qs}` : url, payload, namesApp };
}

test("every route in the OpenAPI document refuses a read key of app B asking about app A", async (t) => {
  const tally = await startTestTally(t);
  const alpha = await createApp(tally, 'alpha');
  const bravo = await createApp(tally, 'bravo');
  await tally.ingest.ingest(
    Array.from({ length: 10 }, (_, i) => event({ app_id: 'alpha', user_id: `alpha-user-${i % 3}`, properties: { note: 'ALPHA_SECRET', i } })),
    {},
  );
  const doc = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };

  let withApp = 0;
  let total = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    // public, and about no app: the probes and the one-line script
    if (path === '/healthz' || path === '/readyz' || path === '/tally.js') continue;
    for (const [method, op] of Object.entries(ops)) {
      total++;
      await t.test(`${method.toUpperCase()} ${path}`, async () => {
        const req = requestFor(path, op, 'alpha');
        const res = await tally.app.inject({ method: method.toUpperCase() as 'GET', url: req.url, headers: bearer(bravo.readKey), payload: req.payload });
        for (const marker of A_MARKERS) assert.ok(!res.body.includes(marker), `${method} ${path} leaked app A's data: ${res.body.slice(0, 300)}`);
        if (req.namesApp) {
          withApp++;
          assert.equal(res.statusCode, 403, `${method} ${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          assert.equal(res.json().error.code, 'TALLY_ERR_AUTH_FORBIDDEN');
          assert.ok(!res.body.includes('bravo'), 'the refusal does not name the caller\'s own apps either');
        } else {
          assert.ok([401, 403, 404].includes(res.statusCode), `${method} ${path} answered ${res.statusCode} to another app's read key: ${res.body.slice(0, 300)}`);
        }
      });
    }
  }
  assert.ok(total >= 10, `only ${total} operations in the OpenAPI document`);
  assert.ok(withApp >= 5, `only ${withApp} operations take an app_id`);

  await t.test('the same requests with A\'s own read key are not refused on the read paths', async () => {
    const own = [
      await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=alpha&from=2026-01-01&to=2027-01-01', headers: bearer(alpha.readKey) }),
      await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(alpha.readKey), payload: { template: 'overview_stats', app_id: 'alpha', from: '2026-01-01', to: '2027-01-01' } }),
      await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(alpha.readKey), payload: { sql: 'SELECT count() AS n FROM events' } }),
      await tally.app.inject({ method: 'GET', url: '/v1/users/alpha-user-0/export?app_id=alpha', headers: bearer(alpha.readKey) }),
    ];
    for (const res of own) assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  });

  await t.test('an app that does not exist is refused exactly like one that does (no existence oracle)', async () => {
    const exists = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(bravo.readKey), payload: { template: 'overview_stats', app_id: 'alpha' } });
    const missing = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(bravo.readKey), payload: { template: 'overview_stats', app_id: 'zulu' } });
    assert.equal(exists.statusCode, missing.statusCode);
    assert.equal(exists.json().error.code, missing.json().error.code);
    assert.equal(exists.json().error.message.replace('alpha', 'X'), missing.json().error.message.replace('zulu', 'X'));
  });

  await t.test('a read key granted both apps reads both; revoking it ends that', async () => {
    const created = await tally.app.inject({ method: 'POST', url: '/v1/apps/bravo/keys', headers: bearer(ADMIN_TOKEN), payload: { kind: 'read', grant_app_ids: ['alpha'] } });
    assert.equal(created.statusCode, 201, created.body);
    const { key, key_id: keyId } = created.json() as { key: string; key_id: string };
    const both = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(key), payload: { sql: 'SELECT app_id, count() AS n FROM events GROUP BY app_id ORDER BY app_id' } });
    assert.deepEqual(both.json().rows, [{ app_id: 'alpha', n: 10 }]);
    assert.deepEqual(both.json().app_ids, ['bravo', 'alpha']);
    await tally.app.inject({ method: 'DELETE', url: `/v1/apps/bravo/keys/${keyId}`, headers: bearer(ADMIN_TOKEN) });
    const after = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(key), payload: { sql: 'SELECT 1' } });
    assert.equal(after.statusCode, 401);
  });
});
