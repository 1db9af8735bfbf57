// Saved dashboards (/v1/dashboards): kept per app in the engine, replaced whole by PUT, listed,
// deleted; a read key reaches only the apps it was granted; bad bodies are refused with the
// registry's codes and every size is bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

const tile = (id: string, kind = 'trends') => ({ id, kind, title: `tile ${id}`, state: `q=${encodeURIComponent(JSON.stringify({ from: '-7d' }))}` });

test('a dashboard is saved, read back, listed, replaced and deleted', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = readKey) => tally.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

  assert.deepEqual((await call('GET', '/v1/dashboards?app_id=shop')).json(), { dashboards: [] });
  const saved = await call('PUT', '/v1/dashboards/weekly?app_id=shop', { title: 'Weekly review', tiles: [tile('a'), { ...tile('b', 'funnels'), width: 2 }] });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().title, 'Weekly review');
  assert.deepEqual(saved.json().tiles.map((x: { id: string }) => x.id), ['a', 'b']);
  assert.equal(saved.json().tiles[1].width, 2);

  const replaced = await call('PUT', '/v1/dashboards/weekly?app_id=shop', { title: 'Weekly', tiles: [tile('b', 'funnels'), tile('c', 'retention')] });
  assert.equal(replaced.statusCode, 200);
  const read = (await call('GET', '/v1/dashboards/weekly?app_id=shop')).json();
  assert.equal(read.title, 'Weekly');
  assert.deepEqual(read.tiles.map((x: { id: string; kind: string }) => `${x.id}:${x.kind}`), ['b:funnels', 'c:retention'], 'the layout order is kept');

  await call('PUT', '/v1/dashboards/alpha?app_id=shop', { title: 'Alpha', tiles: [] });
  assert.deepEqual((await call('GET', '/v1/dashboards?app_id=shop')).json().dashboards.map((d: { dashboard_id: string }) => d.dashboard_id), ['alpha', 'weekly']);

  assert.equal((await call('DELETE', '/v1/dashboards/weekly?app_id=shop')).statusCode, 200);
  const gone = await call('GET', '/v1/dashboards/weekly?app_id=shop');
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.json().error.code, 'TALLY_ERR_DASHBOARD_UNKNOWN');
  assert.equal((await call('DELETE', '/v1/dashboards/weekly?app_id=shop')).statusCode, 404);
  assert.deepEqual((await call('GET', '/v1/dashboards?app_id=shop')).json().dashboards.map((d: { dashboard_id: string }) => d.dashboard_id), ['alpha']);
});

test('dashboards belong to their app: another app, a write key and no key are refused', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const other = await createApp(tally, 'other');
  await tally.app.inject({ method: 'PUT', url: '/v1/dashboards/main?app_id=shop', headers: bearer(shop.readKey), payload: { title: 'Main', tiles: [tile('a')] } });
  const fromOther = await tally.app.inject({ method: 'GET', url: '/v1/dashboards/main?app_id=shop', headers: bearer(other.readKey) });
  assert.equal(fromOther.statusCode, 403);
  assert.deepEqual((await tally.app.inject({ method: 'GET', url: '/v1/dashboards?app_id=other', headers: bearer(other.readKey) })).json(), { dashboards: [] });
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/dashboards?app_id=shop', headers: bearer(shop.writeKey) })).statusCode, 403);
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/dashboards?app_id=shop' })).statusCode, 401);
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/dashboards/main?app_id=shop', headers: bearer(ADMIN_TOKEN) })).json().tiles.length, 1);
});

test('invalid dashboards are refused with TALLY_ERR_REQUEST_INVALID', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  const cases: Array<[string, string, unknown]> = [
    ['an id with capitals', 'Weekly', { title: 'x', tiles: [] }],
    ['an id too long', 'a'.repeat(65), { title: 'x', tiles: [] }],
    ['no title', 'd', { tiles: [] }],
    ['an empty title', 'd', { title: '', tiles: [] }],
    ['an unknown field', 'd', { title: 'x', tiles: [], owner: 'me' }],
    ['an unknown insight kind', 'd', { title: 'x', tiles: [tile('a', 'pie')] }],
    ['two tiles with one id', 'd', { title: 'x', tiles: [tile('a'), tile('a')] }],
    ['a tile state too long', 'd', { title: 'x', tiles: [{ ...tile('a'), state: 'q'.repeat(8193) }] }],
    ['too many tiles', 'd', { title: 'x', tiles: Array.from({ length: 51 }, (_, i) => tile(`t${i}`)) }],
    ['a width of 3', 'd', { title: 'x', tiles: [{ ...tile('a'), width: 3 }] }],
  ];
  for (const [what, id, body] of cases) {
    const res = await tally.app.inject({ method: 'PUT', url: `/v1/dashboards/${id}?app_id=shop`, headers: bearer(readKey), payload: body as object });
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    assert.equal(res.json().error.code, 'TALLY_ERR_REQUEST_INVALID', what);
  }
  assert.deepEqual((await tally.app.inject({ method: 'GET', url: '/v1/dashboards?app_id=shop', headers: bearer(readKey) })).json(), { dashboards: [] });
});
