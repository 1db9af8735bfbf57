// GDPR export and erasure act on the person: the id named and every id linked to it by identify or
// alias (Segment, PostHog) — an erased user leaves no anonymous history behind, an export holds it
// all, once; another person's ids and events are untouched.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, createApp, startTestTally } from '../helpers/tally.ts';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

test("a person's export and erasure cover every id linked to them", async (t) => {
  const tally = await startTestTally(t);
  const { writeKey } = await createApp(tally, 'shop');
  const now = new Date().toISOString();
  const track = (fields: Record<string, unknown>) => ({ type: 'track', event: 'view_item', timestamp: now, ...fields });
  const batch = [
    track({ anonymousId: 'anon-1', messageId: 'm1' }),
    { type: 'identify', anonymousId: 'anon-1', userId: 'u-1', traits: { plan: 'pro' }, timestamp: now, messageId: 'm2' },
    track({ userId: 'u-1', event: 'purchase', messageId: 'm3' }),
    { type: 'alias', previousId: 'old-9', userId: 'u-1', timestamp: now, messageId: 'm4' },
    track({ userId: 'old-9', messageId: 'm5' }),
    track({ anonymousId: 'anon-2', messageId: 'm6' }),
  ];
  const sent = await tally.app.inject({ method: 'POST', url: '/segment/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` }, payload: { batch } });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.equal(sent.json().accepted, 6);

  // the export of any of the person's ids holds all their events, each once
  for (const id of ['u-1', 'anon-1']) {
    const exported = await tally.app.inject({ method: 'GET', url: `/v1/users/${id}/export?app_id=shop`, headers: admin });
    assert.equal(exported.statusCode, 200, exported.body);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l));
    const events = lines.filter((l) => l.table === 'events').map((l) => l.row.metadata);
    assert.equal(events.length, 5, `${id}: the five events of anon-1, u-1 and old-9`);
    assert.ok(lines.some((l) => l.table === 'person_aliases'), 'the links are exported');
    assert.ok(lines.some((l) => l.table === 'person_profiles'), 'the profile is exported');
  }

  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/anon-1?app_id=shop', headers: admin });
  assert.equal(erased.statusCode, 202, erased.body);
  await tally.trust.erasures.wait(erased.json().erasure_id);
  const receipt = (await tally.app.inject({ method: 'GET', url: `/v1/erasures/${erased.json().erasure_id}`, headers: admin })).json();
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  const left = await tally.store.query<{ user_id: string; anonymous_id: string }>("SELECT user_id, anonymous_id FROM events WHERE app_id = 'shop' ORDER BY user_id");
  assert.deepEqual(left, [{ user_id: 'anon-2', anonymous_id: 'anon-2' }], 'only the other person is left');
  const links = await tally.store.query<{ n: number }>("SELECT count() AS n FROM person_aliases WHERE app_id = 'shop'");
  assert.equal(Number(links[0].n), 0);
  const profiles = await tally.store.query<{ n: number }>("SELECT count() AS n FROM person_profiles WHERE app_id = 'shop'");
  assert.equal(Number(profiles[0].n), 0);
});
