import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const admin = bearer(ADMIN_TOKEN);

test('keys: create, list, rotate and revoke; secrets are shown once and stored hashed', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await createApp(tally, 'blog');

  const created = await tally.app.inject({ method: 'POST', url: '/v1/apps/shop/keys', headers: admin, payload: { kind: 'write', name: 'backend' } });
  assert.equal(created.statusCode, 201, created.body);
  const key = created.json() as { key_id: string; key: string; kind: string; app_ids: string[]; name: string };
  assert.match(key.key, /^tly_w_[0-9a-f]{12}_/);
  assert.deepEqual([key.kind, key.app_ids, key.name], ['write', ['shop'], 'backend']);
  const send = (secret: string) => tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(secret), payload: event() });
  assert.equal((await send(key.key)).statusCode, 200);

  const [{ n: plain }] = await tally.store.query<{ n: number }>('SELECT count() AS n FROM api_keys WHERE key_hash = {k:String} OR position(key_hash, {k:String}) > 0', { k: key.key });
  assert.equal(plain, 0, 'the secret itself is never stored');

  const listed = await tally.app.inject({ method: 'GET', url: '/v1/apps/shop/keys', headers: admin });
  const keys = listed.json().keys as Array<{ key_id: string; kind: string; revoked: boolean }>;
  assert.equal(keys.length, 3);
  assert.ok(!listed.body.includes(key.key) && !listed.body.includes('key_hash'), 'listings carry no secrets or hashes');

  const rotated = await tally.app.inject({ method: 'POST', url: `/v1/apps/shop/keys/${key.key_id}/rotate`, headers: admin });
  assert.equal(rotated.statusCode, 200, rotated.body);
  const next = rotated.json() as { key_id: string; key: string; rotated_at: string };
  assert.equal(next.key_id, key.key_id, 'rotation keeps the key id');
  assert.notEqual(next.key, key.key);
  assert.ok(next.rotated_at);
  assert.equal((await send(key.key)).statusCode, 401, 'the old secret stops working at once');
  assert.equal((await send(next.key)).statusCode, 200);

  const revoked = await tally.app.inject({ method: 'DELETE', url: `/v1/apps/shop/keys/${key.key_id}`, headers: admin });
  assert.equal(revoked.json().revoked, true);
  assert.equal((await send(next.key)).statusCode, 401);
  const again = await tally.app.inject({ method: 'POST', url: `/v1/apps/shop/keys/${key.key_id}/rotate`, headers: admin });
  assert.equal(again.statusCode, 404, 'a revoked key cannot be rotated back to life');

  await t.test('keys survive a reload of the registry (they live in the store)', async () => {
    await tally.apps.load();
    assert.equal((await send(next.key)).statusCode, 401);
    assert.equal((await send(shop.writeKey)).statusCode, 200);
  });

  await t.test('bad requests get coded answers', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/apps/nope/keys', { kind: 'read' }, 404, 'TALLY_ERR_APP_UNKNOWN'],
      ['POST', '/v1/apps/shop/keys', { kind: 'admin' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      ['POST', '/v1/apps/shop/keys', { kind: 'write', grant_app_ids: ['blog'] }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      ['POST', '/v1/apps/shop/keys', { kind: 'read', grant_app_ids: ['nope'] }, 404, 'TALLY_ERR_APP_UNKNOWN'],
      ['DELETE', '/v1/apps/shop/keys/0123456789ab', undefined, 404, 'TALLY_ERR_KEY_UNKNOWN'],
      ['DELETE', `/v1/apps/blog/keys/${key.key_id}`, undefined, 404, 'TALLY_ERR_KEY_UNKNOWN'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await tally.app.inject({ method: method as 'POST', url, headers: admin, payload: payload as object });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().error.code, code);
    }
    for (const secret of [shop.readKey, shop.writeKey]) {
      const res = await tally.app.inject({ method: 'GET', url: '/v1/apps/shop/keys', headers: bearer(secret) });
      assert.equal(res.statusCode, 403, 'only the admin token manages keys');
    }
  });
});

test('per-key rate limits answer 429 with Retry-After; other keys are unaffected', async (t) => {
  const tally = await startTestTally(t, { TALLY_RATE_LIMIT_READ: '5', TALLY_RATE_LIMIT_READ_BURST: '5' });
  const shop = await createApp(tally, 'shop');
  const slow = await tally.app.inject({ method: 'POST', url: '/v1/apps/shop/keys', headers: admin, payload: { kind: 'read', rate_per_second: 1 } });
  const slowKey = slow.json().key as string;
  const read = (secret: string) => tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop', headers: bearer(secret) });

  const answers = [];
  for (let i = 0; i < 8; i++) answers.push(await read(shop.readKey));
  assert.deepEqual(answers.map((r) => r.statusCode), [200, 200, 200, 200, 200, 429, 429, 429]);
  const refused = answers[5];
  assert.equal(refused.json().error.code, 'TALLY_ERR_RATE_LIMITED');
  assert.equal(refused.headers['retry-after'], '1');

  const own = [await read(slowKey), await read(slowKey), await read(slowKey)];
  assert.deepEqual(own.map((r) => r.statusCode), [200, 200, 429], 'a key with its own rate (1/s, burst 2)');
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/apps', headers: admin })).statusCode, 200, 'the admin token is not limited');

  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await read(shop.readKey)).statusCode, 200, 'the bucket refills');
});
