// Learner tokens: minted by an app's read key for one user, they read that user's learner views
// of that app and nothing else — not another learner, not another app, not any other route — and
// stop working when they expire or when a byte changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLearnerTokens } from '../../src/learning/index.ts';
import { resolveInstallSecret } from '../../src/privacy/install-secret.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

const LEARNER_ROUTES = ['dashboard', 'heatmap', 'mastery', 'gaps', 'reviews/due', 'sessions', 'questions/q1/history', 'materials/progress'];

test('learner tokens', async (t) => {
  const tally = await startTestTally(t);
  const med = await createApp(tally, 'med');
  const other = await createApp(tally, 'other');
  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, key: string, payload?: Record<string, unknown>) => tally.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
  const mint = async (body: Record<string, unknown>, key = med.readKey) => inject('POST', '/v1/learning/tokens', key, body);

  const minted = await mint({ app_id: 'med', user_id: 'alice', ttl_seconds: 600 });
  assert.equal(minted.statusCode, 201, minted.body);
  const { token, expires_at } = minted.json() as { token: string; expires_at: string };
  const lifetime = Date.parse(expires_at) - Date.now();
  assert.ok(lifetime > 590_000 && lifetime <= 600_000, String(lifetime));

  await t.test("it reads every one of its own user's learner views", async () => {
    for (const r of LEARNER_ROUTES) {
      const res = await inject('GET', `/v1/learning/users/alice/${r}?app_id=med`, token);
      assert.equal(res.statusCode, 200, `${r}: ${res.body}`);
    }
  });

  await t.test("it cannot read another learner's views", async () => {
    for (const r of LEARNER_ROUTES) {
      for (const who of ['bob', 'Alice', 'alice%20', 'alice%2Fx']) {
        const res = await inject('GET', `/v1/learning/users/${who}/${r}?app_id=med`, token);
        assert.equal(res.statusCode, 403, `${who} ${r}: ${res.body}`);
      }
    }
  });

  await t.test('it cannot read the same user in another app', async () => {
    const res = await inject('GET', '/v1/learning/users/alice/dashboard?app_id=other', token);
    assert.equal(res.statusCode, 403);
  });

  await t.test('it can call no other route', async () => {
    const calls: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, Record<string, unknown>?]> = [
      ['GET', '/v1/learning/topics?app_id=med'],
      ['PUT', '/v1/learning/topics', { app_id: 'med', topics: [] }],
      ['GET', '/v1/learning/action-weights?app_id=med'],
      ['GET', '/v1/learning/mastery/distribution?app_id=med'],
      ['GET', '/v1/learning/first-attempt-accuracy?app_id=med&from=2026-01-01&to=2026-02-01'],
      ['POST', '/v1/learning/tokens', { app_id: 'med', user_id: 'alice' }],
      ['POST', '/v1/learning/tokens', { app_id: 'med', user_id: 'bob' }],
      ['GET', '/v1/events?app_id=med'],
      ['POST', '/v1/events', { app_id: 'med', event_name: 'x', user_id: 'alice', timestamp: '2026-10-01T00:00:00Z' }],
      ['POST', '/v1/query', { sql: 'SELECT 1' }],
      ['POST', '/v1/insights/trends', { app_id: 'med', from: '2026-10-01', to: '2026-10-02', series: [{ event: 'x' }] }],
      ['GET', '/v1/jobs?app_id=med'],
      ['GET', '/v1/schemas?app_id=med'],
      ['GET', '/v1/users/alice/export?app_id=med'],
      ['DELETE', '/v1/users/alice?app_id=med'],
      ['POST', '/v1/apps', { app_id: 'evil' }],
      ['GET', '/v1/audit'],
    ];
    for (const [method, url, payload] of calls) {
      const res = await inject(method, url, token, payload);
      assert.ok(res.statusCode === 403 || res.statusCode === 404, `${method} ${url}: ${res.statusCode} ${res.body}`);
      assert.notEqual(res.statusCode, 200);
    }
  });

  await t.test('an expired token, a changed byte or another install is refused 401', async () => {
    const secret = resolveInstallSecret(tally.config);
    const past = createLearnerTokens(secret, () => Date.now() - 3_600_000).mint('med', 'alice', 600, 'test');
    const expired = await inject('GET', '/v1/learning/users/alice/dashboard?app_id=med', past.token);
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'TALLY_ERR_LEARNER_TOKEN_INVALID');
    const fresh = createLearnerTokens(secret, () => Date.now() - 595_000).mint('med', 'alice', 600, 'test');
    assert.equal((await inject('GET', '/v1/learning/users/alice/dashboard?app_id=med', fresh.token)).statusCode, 200, 'valid until its expiry');
    const [prefix, payload, sig] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ a: 'med', u: 'bob', e: Math.floor(Date.now() / 1000) + 600, k: 'x' })).toString('base64url');
    for (const bad of [`${prefix}.${forgedPayload}.${sig}`, `${prefix}.${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`, `${prefix}.${payload}`, createLearnerTokens('another-install').mint('med', 'alice', 600, 'x').token]) {
      const res = await inject('GET', '/v1/learning/users/alice/dashboard?app_id=med', bad);
      assert.equal(res.statusCode, 401, bad);
    }
  });

  await t.test('who may mint: the app\'s read key or the admin token, for that app only', async () => {
    assert.equal((await mint({ app_id: 'med', user_id: 'alice' }, ADMIN_TOKEN)).statusCode, 201);
    assert.equal((await mint({ app_id: 'med', user_id: 'alice' }, med.writeKey)).statusCode, 403, 'a write key');
    assert.equal((await mint({ app_id: 'med', user_id: 'alice' }, other.readKey)).statusCode, 403, "another app's read key");
    assert.equal((await mint({ app_id: 'med', user_id: 'alice', ttl_seconds: 3601 })).statusCode, 400, 'at most an hour');
    assert.equal((await mint({ app_id: 'med', user_id: '' })).statusCode, 400);
    assert.equal((await mint({ app_id: 'med', user_id: 'x'.repeat(201) })).statusCode, 400);
    const otherToken = (await mint({ app_id: 'other', user_id: 'alice' }, other.readKey)).json().token as string;
    assert.equal((await inject('GET', '/v1/learning/users/alice/dashboard?app_id=med', otherToken)).statusCode, 403);
    assert.equal((await inject('GET', '/v1/learning/users/alice/dashboard?app_id=other', otherToken)).statusCode, 200);
  });

  await t.test('read keys still read any learner of their app; the audit trail records the learner caller', async () => {
    assert.equal((await inject('GET', '/v1/learning/users/bob/dashboard?app_id=med', med.readKey)).statusCode, 200);
    assert.equal((await inject('GET', '/v1/learning/users/bob/dashboard?app_id=med', other.readKey)).statusCode, 403);
    await tally.trust.audit.flush();
    const rows = await tally.store.query<{ key_id: string; status: number; route: string }>("SELECT key_id, status, route FROM audit_log WHERE caller_kind = 'learner'");
    assert.ok(rows.length >= LEARNER_ROUTES.length, 'every learner call is audited');
    for (const r of rows) assert.match(r.key_id, /^learner:[0-9a-f]{24}$/);
    assert.ok(rows.some((r) => r.status === 403 && r.route === '/v1/learning/users/:user_id/dashboard'), 'refusals too');
  });
});
