// User profiles through the real HTTP routes and the real engine: identify writes versions by time,
// the profile reads them merged, events are enriched with the role and tenure at their own time,
// an identify applies to this process's next events at once, and GDPR erasure, anonymisation and
// export cover profiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';
import type { Tally } from '../../src/service.ts';

const admin = bearer(ADMIN_TOKEN);

async function identify(tally: Tally, key: string, body: Record<string, unknown>) {
  return tally.app.inject({ method: 'POST', url: '/v1/identify', headers: bearer(key), payload: body });
}

async function stored(tally: Tally, appId: string) {
  return tally.store.query<{ event_name: string; user_id: string; user_role: string; user_tenure_days: number | null }>(
    'SELECT event_name, user_id, user_role, user_tenure_days FROM events WHERE app_id = {app:String} ORDER BY timestamp, event_name',
    { app: appId },
  );
}

test('identify writes versions by time; the profile merges them; bad input gets coded errors', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');

  const first = await identify(tally, shop.writeKey, { app_id: 'shop', user_id: 'u_1', traits: { role: 'client', plan: 'free', created_at: '2026-01-01T00:00:00Z' }, timestamp: '2026-01-01T00:00:00Z' });
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { app_id: 'shop', user_id: 'u_1', set_at: '2026-01-01T00:00:00.000Z' });
  // a later version changes one trait and unsets another; an older one sent late does not win
  assert.equal((await identify(tally, shop.writeKey, { app_id: 'shop', user_id: 'u_1', traits: { plan: 'pro', role: null }, timestamp: '2026-06-01T00:00:00Z' })).statusCode, 200);
  assert.equal((await identify(tally, shop.writeKey, { app_id: 'shop', user_id: 'u_1', traits: { plan: 'trial' }, timestamp: '2026-03-01T00:00:00Z' })).statusCode, 200);
  // the same version sent twice is stored once
  assert.equal((await identify(tally, shop.writeKey, { app_id: 'shop', user_id: 'u_1', traits: { plan: 'trial' }, timestamp: '2026-03-01T00:00:00Z' })).statusCode, 200);

  const res = await tally.app.inject({ method: 'GET', url: '/v1/profiles/u_1?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(res.statusCode, 200, res.body);
  const profile = res.json();
  assert.deepEqual(profile.traits, { plan: 'pro', created_at: '2026-01-01T00:00:00Z' });
  assert.deepEqual(
    profile.versions.map((v: { set_at: string }) => v.set_at),
    ['2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'],
  );
  assert.equal(profile.first_set_at, '2026-01-01T00:00:00.000Z');
  assert.equal(profile.last_set_at, '2026-06-01T00:00:00.000Z');

  // refusals
  const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
    ['traits not an object', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: [1] }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['role not a string', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: { role: 5 } }, 400, 'TALLY_ERR_PROFILE_INVALID_TRAITS'],
    ['created_at not a time', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: { created_at: 'last year' } }, 400, 'TALLY_ERR_PROFILE_INVALID_TRAITS'],
    ['traits too deep', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: { a: { b: { c: { d: 1 } } } } }, 400, 'TALLY_ERR_PROFILE_INVALID_TRAITS'],
    ['traits too large', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(2000)])) }, 400, 'TALLY_ERR_PROFILE_INVALID_TRAITS'],
    ['a string too long', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: { bio: 'x'.repeat(2049) } }, 400, 'TALLY_ERR_PROFILE_INVALID_TRAITS'],
    ['a timestamp in the future', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: {}, timestamp: '2299-01-01T00:00:00Z' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['no user', shop.writeKey, { app_id: 'shop', traits: {} }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['an unknown field', shop.writeKey, { app_id: 'shop', user_id: 'u', traits: {}, email: 'x' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ["another app's write key", blog.writeKey, { app_id: 'shop', user_id: 'u', traits: {} }, 403, 'TALLY_ERR_AUTH_FORBIDDEN'],
    ['a read key', shop.readKey, { app_id: 'shop', user_id: 'u', traits: {} }, 403, 'TALLY_ERR_AUTH_FORBIDDEN'],
    ['an unknown app (admin)', ADMIN_TOKEN, { app_id: 'nope', user_id: 'u', traits: {} }, 404, 'TALLY_ERR_APP_UNKNOWN'],
  ];
  for (const [what, key, body, status, code] of cases) {
    const r = await identify(tally, key, body);
    assert.equal(r.statusCode, status, `${what}: ${r.body}`);
    assert.equal(r.json().error.code, code, what);
  }
  const missing = await tally.app.inject({ method: 'GET', url: '/v1/profiles/nobody?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'TALLY_ERR_PROFILE_NOT_FOUND');
  const foreign = await tally.app.inject({ method: 'GET', url: '/v1/profiles/u_1?app_id=shop', headers: bearer(blog.readKey) });
  assert.equal(foreign.statusCode, 403);
});

test('events get the role and tenure of their own time; an identify applies to the next event at once', async (t) => {
  const tally = await startTestTally(t);
  const market = await createApp(tally, 'market');
  const send = async (events: Record<string, unknown>[]) => {
    const r = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(market.writeKey), payload: { events } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().accepted, events.length);
  };
  const ev = (name: string, user: string, ts: string) => event({ app_id: 'market', event_name: name, user_id: user, timestamp: ts });

  await identify(tally, market.writeKey, { app_id: 'market', user_id: 'dev', traits: { role: 'freelancer', created_at: '2026-01-01T00:00:00Z' }, timestamp: '2026-01-01T00:00:00Z' });
  await identify(tally, market.writeKey, { app_id: 'market', user_id: 'dev', traits: { role: 'agency' }, timestamp: '2026-10-05T00:00:00Z' });
  await send([
    ev('a.before_created', 'dev', '2025-12-31T12:00:00Z'),
    ev('b.sep', 'dev', '2026-09-30T23:59:59Z'),
    ev('c.oct', 'dev', '2026-10-10T00:00:00Z'),
    ev('d.anon', 'stranger', '2026-10-10T00:00:00Z'),
  ]);
  assert.deepEqual(await stored(tally, 'market'), [
    // before created_at: the first version's role (identified a moment later), no tenure
    { event_name: 'a.before_created', user_id: 'dev', user_role: 'freelancer', user_tenure_days: null },
    { event_name: 'b.sep', user_id: 'dev', user_role: 'freelancer', user_tenure_days: 272 },
    { event_name: 'c.oct', user_id: 'dev', user_role: 'agency', user_tenure_days: 282 },
    { event_name: 'd.anon', user_id: 'stranger', user_role: '', user_tenure_days: null },
  ]);

  // 'stranger' is now cached as having no profile; identify invalidates that at once
  await identify(tally, market.writeKey, { app_id: 'market', user_id: 'stranger', traits: { role: 'client', created_at: Date.parse('2026-10-01T00:00:00Z') }, timestamp: '2026-10-01T00:00:00Z' });
  await send([ev('e.after_identify', 'stranger', '2026-10-11T06:00:00Z')]);
  const rows = await stored(tally, 'market');
  assert.deepEqual(rows.at(-1), { event_name: 'e.after_identify', user_id: 'stranger', user_role: 'client', user_tenure_days: 10 });
  // and the listing shows them
  const list = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=market&user_id=stranger&from=2026-10-11&to=2026-10-12', headers: bearer(market.readKey) });
  const [listed] = list.json().events;
  assert.equal(listed.user_role, 'client');
  assert.equal(listed.user_tenure_days, 10);
});

test('GDPR: export includes the profile, anonymisation and erasure remove it', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  for (const user of ['keep', 'anon', 'gone']) {
    await identify(tally, shop.writeKey, { app_id: 'shop', user_id: user, traits: { role: 'client', email_hint: `${user}@example.com` } });
    await tally.ingest.ingest([event({ user_id: user })], {});
  }
  const exported = await tally.app.inject({ method: 'GET', url: '/v1/users/gone/export?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(exported.statusCode, 200);
  const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l) as { table: string; row: Record<string, unknown> });
  const profileRows = lines.filter((l) => l.table === 'person_profiles');
  assert.equal(profileRows.length, 1);
  assert.match(String(profileRows[0].row.traits), /gone@example.com/);

  const erase = await tally.app.inject({ method: 'DELETE', url: '/v1/users/gone?app_id=shop', headers: admin });
  assert.equal(erase.statusCode, 202, erase.body);
  await tally.trust.erasures.wait(erase.json().erasure_id);
  const anonymize = await tally.app.inject({ method: 'POST', url: '/v1/users/anon/anonymize', headers: admin, payload: { app_id: 'shop' } });
  assert.equal(anonymize.statusCode, 202, anonymize.body);
  await tally.trust.erasures.wait(anonymize.json().erasure_id);

  const profiles = await tally.store.query<{ user_id: string; traits: string }>("SELECT user_id, traits FROM person_profiles WHERE app_id = 'shop' ORDER BY user_id");
  assert.deepEqual(profiles.map((p) => p.user_id), ['keep']);
  assert.ok(!profiles.some((p) => p.traits.includes('anon@') || p.traits.includes('gone@')));
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/profiles/gone?app_id=shop', headers: bearer(shop.readKey) })).statusCode, 404);
  // the erasure also emptied the ingest cache: a later event of the user carries no role
  await tally.ingest.ingest([event({ user_id: 'gone', event_name: 'after_erasure' })], {});
  const [after] = await tally.store.query<{ user_role: string }>("SELECT user_role FROM events WHERE app_id = 'shop' AND event_name = 'after_erasure'");
  assert.equal(after.user_role, '');
  const [kept] = await tally.store.query<{ user_role: string }>("SELECT user_role FROM events WHERE app_id = 'shop' AND user_id = 'keep'");
  assert.equal(kept.user_role, 'client');
});
