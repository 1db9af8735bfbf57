// Geography at ingest: country, region and city from the IP (the GeoLite2 data geoip-lite ships),
// looked up before the IP is cut to a prefix; the full IP is stored nowhere. The database is
// loaded once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedLookup, loadGeoLookup } from '../../src/event/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const NOW = Date.parse('2026-10-02T00:00:00Z');
// addresses of the data's own test fixtures (geoip-lite's tests use them too)
const GB = '81.2.69.142';
const SE = '89.160.20.128';

test('the lookup answers country, region and city; private and reserved addresses have none', () => {
  const geo = loadGeoLookup();
  assert.deepEqual(geo(GB), { country: 'GB', region: 'ENG', city: 'Newmarket' });
  assert.deepEqual(geo(`::ffff:${GB}`), { country: 'GB', region: 'ENG', city: 'Newmarket' });
  assert.equal(geo(SE)?.country, 'SE');
  for (const ip of ['10.1.2.3', '192.168.0.1', '127.0.0.1', '203.0.113.7', 'not an ip', '']) assert.equal(geo(ip), undefined, ip);
  assert.equal(geo('8.8.8.8')?.country, 'US');
});

test('the cache answers repeated addresses without the database and stays bounded', () => {
  let calls = 0;
  const geo = cachedLookup((ip) => {
    calls++;
    return ip.startsWith('1.') ? { country: 'AU', region: '', city: '' } : undefined;
  }, 2);
  geo('1.1.1.1');
  geo('1.1.1.1');
  geo('9.9.9.9');
  geo('9.9.9.9');
  assert.equal(calls, 2, 'hits and known misses are cached');
  geo('1.0.0.1');
  geo('1.1.1.1');
  assert.equal(calls, 4, 'the oldest address left when a third came');
});

test('the pipeline stores the geography, keeps a sent country, and never the full IP', () => {
  const pipeline = createIngestPipeline({ now: () => NOW, geoLookup: loadGeoLookup() });
  const row = (context: Record<string, unknown>) => {
    const r = pipeline(event({ context }), { receivedAtMs: NOW });
    assert.ok(r.ok, r.ok ? '' : r.message);
    return JSON.parse(r.event.row) as Record<string, unknown>;
  };
  const gb = row({ ip: GB });
  assert.deepEqual([gb.country, gb.region, gb.city, gb.ip_prefix], ['GB', 'ENG', 'Newmarket', '81.2.69.0']);
  assert.ok(!JSON.stringify(gb).includes(GB), 'the full IP is in no column');
  // a sent country wins; the IP's region and city are kept only when it agrees
  const fr = row({ ip: GB, country: 'fr' });
  assert.deepEqual([fr.country, fr.region, fr.city], ['FR', '', '']);
  const agree = row({ ip: GB, country: 'gb' });
  assert.deepEqual([agree.country, agree.region, agree.city], ['GB', 'ENG', 'Newmarket']);
  const none = row({ ip: '10.0.0.7' });
  assert.deepEqual([none.country, none.region, none.city, none.ip_prefix], ['', '', '', '10.0.0.0']);
});

test('HTTP ingest stores the geography; GET /v1/events shows it; the full IP is in no stored row', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(shop.writeKey), payload: { events: [event({ context: { ip: GB } }), event({ user_id: 'u_2', context: { ip: SE } })] } });
  assert.equal(res.statusCode, 200, res.body);
  const rows = await tally.store.query<Record<string, unknown>>("SELECT * FROM events WHERE app_id = 'shop' ORDER BY user_id");
  assert.deepEqual(rows.map((r) => [r.country, r.region, r.city]), [['GB', 'ENG', 'Newmarket'], ['SE', 'AB', 'Enebyberg']]);
  assert.ok(!JSON.stringify(rows).includes(GB) && !JSON.stringify(rows).includes(SE));
  const list = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&user_id=u_1&from=2026-09-01&to=2026-11-01', headers: bearer(shop.readKey) });
  assert.deepEqual(list.json().events[0].context, { country: 'GB', region: 'ENG', city: 'Newmarket', ip_prefix: '81.2.69.0' });
});

test('TALLY_GEOIP=false: no lookup, a sent country is still kept', async (t) => {
  const tally = await startTestTally(t, { TALLY_GEOIP: 'false' });
  await createApp(tally, 'shop');
  await tally.ingest.ingest([event({ context: { ip: GB } }), event({ user_id: 'u_2', context: { ip: GB, country: 'de' } })], {});
  const rows = await tally.store.query<Record<string, unknown>>("SELECT country, region, city FROM events WHERE app_id = 'shop' ORDER BY user_id");
  assert.deepEqual(rows, [{ country: '', region: '', city: '' }, { country: 'DE', region: '', city: '' }]);
});
