// Insights filter and break down by profile traits (source "person"): the user's traits now, every
// identify merged; users without the trait fall under neq / not_set and the empty breakdown value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('trends and funnels filter and break down by a profile trait', async (t) => {
  const tally = await startTestTally(t);
  const market = await createApp(tally, 'market');
  const other = await createApp(tally, 'other');
  const identify = async (key: string, app: string, user: string, traits: Record<string, unknown>, timestamp: string) => {
    const r = await tally.app.inject({ method: 'POST', url: '/v1/identify', headers: bearer(key), payload: { app_id: app, user_id: user, traits, timestamp } });
    assert.equal(r.statusCode, 200, r.body);
  };
  // a: pro (was free), b: free, c: pro with 50 seats, d: no profile; the same user id in another app is pro but must not count
  await identify(market.writeKey, 'market', 'a', { plan: 'free', seats: 1 }, '2026-01-01T00:00:00Z');
  await identify(market.writeKey, 'market', 'a', { plan: 'pro' }, '2026-02-01T00:00:00Z');
  await identify(market.writeKey, 'market', 'b', { plan: 'free', seats: 3 }, '2026-01-01T00:00:00Z');
  await identify(market.writeKey, 'market', 'c', { plan: 'pro', seats: 50 }, '2026-01-01T00:00:00Z');
  await identify(other.writeKey, 'other', 'b', { plan: 'pro' }, '2026-01-01T00:00:00Z');
  const day = (d: number, h = 12) => `2026-10-0${d}T${String(h).padStart(2, '0')}:00:00Z`;
  const events = [
    ...['a', 'b', 'c', 'd'].flatMap((u) => [event({ app_id: 'market', user_id: u, event_name: 'view', timestamp: day(1) }), event({ app_id: 'market', user_id: u, event_name: 'view', timestamp: day(2) })]),
    event({ app_id: 'market', user_id: 'a', event_name: 'buy', timestamp: day(1, 13) }),
    event({ app_id: 'market', user_id: 'b', event_name: 'buy', timestamp: day(1, 13) }),
    event({ app_id: 'market', user_id: 'd', event_name: 'buy', timestamp: day(2, 13) }),
  ];
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  await tally.ingest.ingest([event({ app_id: 'other', user_id: 'b', event_name: 'view', timestamp: day(1) })], {});

  const trends = async (series: Record<string, unknown>[], breakdown?: Record<string, unknown>) => {
    const res = await tally.app.inject({
      method: 'POST',
      url: '/v1/insights/trends',
      headers: bearer(market.readKey),
      payload: { app_id: 'market', from: '2026-10-01', to: '2026-10-03', interval: 'day', series, ...(breakdown ? { breakdown } : {}) },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { series: Array<{ breakdown_value?: string; points: Array<{ value: number }> }> };
  };
  const total = (s: { points: Array<{ value: number }> }) => s.points.reduce((n, p) => n + p.value, 0);
  const views = (filters: Record<string, unknown>[]) => trends([{ event: 'view', math: 'count', filters }]).then((r) => total(r.series[0]));

  assert.equal(await views([{ source: 'person', property: 'plan', op: 'eq', value: 'pro' }]), 4, 'a and c, two days each');
  assert.equal(await views([{ source: 'person', property: 'plan', op: 'neq', value: 'pro' }]), 4, 'b, and d without a profile');
  assert.equal(await views([{ source: 'person', property: 'plan', op: 'in', value: ['free', 'trial'] }]), 2);
  assert.equal(await views([{ source: 'person', property: 'seats', op: 'gte', value: 3 }]), 4, 'b and c');
  assert.equal(await views([{ source: 'person', property: 'seats', op: 'is_set' }]), 6);
  assert.equal(await views([{ source: 'person', property: 'seats', op: 'not_set' }]), 2, 'd');
  assert.equal(await views([{ source: 'person', property: 'plan', op: 'contains', value: 'PR' }]), 4);
  // person filters combine with event filters
  assert.equal(await views([{ source: 'person', property: 'plan', op: 'eq', value: 'pro' }, { source: 'event', property: 'user_id', op: 'eq', value: 'a' }]), 2);

  const broken = await trends([{ event: 'view', math: 'unique_users' }], { property: 'plan', source: 'person' });
  const byPlan = Object.fromEntries(broken.series.map((s) => [s.breakdown_value, total(s)]));
  assert.deepEqual(byPlan, { pro: 4, free: 2, '': 2 }, 'unique users per day, summed over two days');

  const funnel = await tally.app.inject({
    method: 'POST',
    url: '/v1/insights/funnels',
    headers: bearer(market.readKey),
    payload: { app_id: 'market', from: '2026-10-01', to: '2026-10-03', window: '1d', steps: [{ event: 'view' }, { event: 'buy' }], filters: [{ source: 'person', property: 'plan', op: 'is_set' }], breakdown: { property: 'plan', source: 'person' } },
  });
  assert.equal(funnel.statusCode, 200, funnel.body);
  const body = funnel.json();
  assert.deepEqual(body.steps.map((s: { count: number }) => s.count), [3, 2], 'a, b, c view; a and b buy (d has no profile)');
  const groups = Object.fromEntries((body.breakdown as Array<{ breakdown_value: string; steps: Array<{ count: number }> }>).map((b) => [b.breakdown_value, b.steps.map((s) => s.count)]));
  assert.deepEqual(groups, { pro: [2, 1], free: [1, 1] });

  // the trait key is bound, never pasted
  const odd = await views([{ source: 'person', property: "plan') OR 1=1 --", op: 'eq', value: 'pro' }]);
  assert.equal(odd, 0);
});
