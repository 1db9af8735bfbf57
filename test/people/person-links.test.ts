// The merge rules of a person's ids (docs/people.md), through the people service and the insights:
// the first link of an id wins, one hop, links are idempotent, a link never rewrites a stored event,
// links of one app never touch another, and without links every id is its own person.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('first link wins, one hop, idempotent; stored events are never rewritten; apps stay apart', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await createApp(tally, 'other');
  const links = tally.people.links;
  const at = (h: number) => Date.parse(`2026-10-01T${String(h).padStart(2, '0')}:00:00Z`);
  const ts = (h: number) => new Date(at(h)).toISOString();
  const events = [
    event({ app_id: 'shop', user_id: undefined, anonymous_id: 'anon', event_name: 'view', timestamp: ts(8) }),
    event({ app_id: 'shop', user_id: 'u1', event_name: 'buy', timestamp: ts(9) }),
    event({ app_id: 'shop', user_id: 'u2', event_name: 'buy', timestamp: ts(10) }),
    event({ app_id: 'shop', user_id: undefined, anonymous_id: 'anon2', event_name: 'view', timestamp: ts(8) }),
    event({ app_id: 'other', user_id: undefined, anonymous_id: 'anon', event_name: 'view', timestamp: ts(8) }),
    event({ app_id: 'other', user_id: 'u1', event_name: 'buy', timestamp: ts(9) }),
  ];
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);

  const funnel = async () => {
    const res = await tally.app.inject({
      method: 'POST',
      url: '/v1/insights/funnels',
      // links written straight through the service move no data version: ask for a fresh answer
      headers: { ...bearer(shop.readKey), 'cache-control': 'no-store' },
      payload: { app_id: 'shop', from: '2026-10-01', to: '2026-10-02', window: '1d', steps: [{ event: 'view' }, { event: 'buy' }] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().steps.map((s: any) => s.count);
  };
  // without links every id is its own person: nobody who viewed bought
  assert.deepEqual(await funnel(), [2, 0]);

  // anon → u1 first; a later link of anon → u2 does not move it; the same link again changes nothing
  assert.equal(await links.link('shop', [{ aliasId: 'anon', personId: 'u1', linkedAtMs: at(9), via: 'identify' }]), 1);
  await links.link('shop', [{ aliasId: 'anon', personId: 'u2', linkedAtMs: at(10), via: 'identify' }]);
  await links.link('shop', [{ aliasId: 'anon', personId: 'u1', linkedAtMs: at(9), via: 'identify' }]);
  assert.equal(await links.link('shop', [{ aliasId: 'same', personId: 'same', linkedAtMs: at(9), via: 'alias' }]), 0, 'a link to itself is dropped');
  assert.deepEqual(Object.fromEntries(await links.resolve('shop', ['anon', 'u1', 'nobody'])), { anon: 'u1', u1: 'u1', nobody: 'nobody' });
  assert.deepEqual(await funnel(), [2, 1], "anon's view and u1's purchase are one person");
  // paths and experiments follow the person too: anon's view is followed by u1's purchase
  const paths = await tally.app.inject({
    method: 'POST',
    url: '/v1/insights/paths',
    headers: { ...bearer(shop.readKey), 'cache-control': 'no-store' },
    payload: { app_id: 'shop', from: '2026-10-01', to: '2026-10-02', start_event: 'view', depth: 1 },
  });
  assert.equal(paths.statusCode, 200, paths.body);
  assert.deepEqual(paths.json().depths[0].paths.map((p: any) => [p.path, p.users]), [[['buy'], 1]]);
  const experiment = await tally.app.inject({
    method: 'POST',
    url: '/v1/insights/experiments',
    headers: { ...bearer(shop.readKey), 'cache-control': 'no-store' },
    payload: { app_id: 'shop', from: '2026-10-01', to: '2026-10-02', variant_property: 'page', exposure_event: 'view', goal: { event: 'buy' } },
  });
  assert.equal(experiment.statusCode, 200, experiment.body);
  assert.deepEqual(experiment.json().variants.map((v: any) => [v.variant, v.users, v.conversions]), [['/', 2, 1]]);

  // one hop: u1 → u3 moves u1's own events, not anon's
  await links.link('shop', [{ aliasId: 'u1', personId: 'u3', linkedAtMs: at(11), via: 'alias' }]);
  assert.deepEqual(Object.fromEntries(await links.resolve('shop', ['anon', 'u1'])), { anon: 'u1', u1: 'u3' });
  assert.deepEqual((await links.idsOfPerson('shop', 'u3')).sort(), ['u1', 'u3']);

  // stored events keep the ids they were sent with
  const stored = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&from=2026-10-01&to=2026-10-02&event_name=view', headers: bearer(shop.readKey) });
  assert.deepEqual(stored.json().events.map((e: any) => e.user_id).sort(), ['anon', 'anon2']);

  // the other app's anon and u1 are not linked
  const [row] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM person_aliases WHERE app_id = 'other'");
  assert.equal(Number(row.n), 0);
  assert.deepEqual(Object.fromEntries(await links.resolve('other', ['anon'])), { anon: 'anon' });
});
