import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anonymizeIp, createScrubber, luhnValid } from '../../src/event/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const scrubber = createScrubber({ emails: true, phones: true, cards: true, denyKeys: ['email', 'password', 'date_of_birth'], sessionSecret: 'a-secret-of-the-install' });

test('e-mail addresses, phone numbers and card numbers leave property strings', () => {
  const cases: Array<[string, string]> = [
    ['write to jane.doe+tag@example.co.uk today', 'write to [email] today'],
    ['JANE@EXAMPLE.COM', '[email]'],
    ['https://shop.test/reset?u=jane%40example.com&x=1', 'https://shop.test/reset?u=[email]&x=1'],
    ['call +1 415 555 2671', 'call [phone]'],
    ['call (415) 555-2671 now', 'call [phone] now'],
    ['tel 0044 20 7946 0958', 'tel [phone]'],
    ['+4915123456789', '[phone]'],
    ['card 4111 1111 1111 1111 exp 12/29', 'card [card] exp 12/29'],
    ['5500-0000-0000-0004', '[card]'],
    ['378282246310005', '[card]'],
  ];
  for (const [input, expected] of cases) assert.equal(scrubber.text(input), expected, input);
});

test('ordinary values are kept: ids, amounts, dates, times, versions, IPs, non-Luhn digit runs', () => {
  const kept = [
    'order 4155552671',
    '2026-10-01 12:00:00',
    '2026-10-01T12:00:00.000Z',
    '12/29/2026',
    'v1.24.3',
    'price 1234.5678',
    '203.0.113.7',
    '4111 1111 1111 1112',
    'sku-00012345678',
    'no personal data here',
    'a@b',
  ];
  for (const value of kept) assert.equal(scrubber.text(value), value, value);
});

test('the Luhn check accepts card numbers and rejects near misses', () => {
  assert.ok(luhnValid('4111111111111111'));
  assert.ok(luhnValid('79927398713'));
  assert.ok(!luhnValid('4111111111111112'));
  assert.ok(!luhnValid('79927398710'));
  assert.ok(!luhnValid(''));
});

test('denylisted keys are dropped at any depth, case- and dash-insensitively; unchanged objects are returned as they are', () => {
  const input = { Email: 'x', 'date-of-birth': '1990-01-01', cart: { items: [{ sku: 'a', PASSWORD: 'p' }] }, plan: 'pro' };
  assert.deepEqual(scrubber.properties(input), { cart: { items: [{ sku: 'a' }] }, plan: 'pro' });
  const clean = { plan: 'pro', n: 3, nested: { ok: true } };
  assert.equal(scrubber.properties(clean), clean);
});

test('session ids become keyed hashes: stable within an install, different across installs', () => {
  const other = createScrubber({ emails: false, phones: false, cards: false, denyKeys: [], sessionSecret: 'another-install-secret' });
  const h = scrubber.sessionId('s_9');
  assert.match(h, /^sh_[0-9a-f]{32}$/);
  assert.equal(scrubber.sessionId('s_9'), h);
  assert.notEqual(scrubber.sessionId('s_10'), h);
  assert.notEqual(other.sessionId('s_9'), h);
  assert.equal(scrubber.sessionId(''), '');
});

test('scrubbing a long string without personal data stays fast (no pathological backtracking)', () => {
  const long = `${'a'.repeat(8000)}@`;
  const digits = '1 '.repeat(4000);
  const started = performance.now();
  scrubber.text(long);
  scrubber.text(digits);
  scrubber.text('9'.repeat(8192));
  assert.ok(performance.now() - started < 200, `${performance.now() - started} ms`);
});

test('IPs are stored as IPv4 /24 and IPv6 /48 prefixes', () => {
  assert.equal(anonymizeIp('198.51.100.77'), '198.51.100.0');
  assert.equal(anonymizeIp('2001:db8:abcd:12:34:56:78:9a'), '2001:db8:abcd::');
  assert.equal(anonymizeIp('2001:db8::1'), '2001:db8:0::');
  assert.equal(anonymizeIp('fe80::1%eth0'), 'fe80:0:0::');
  assert.equal(anonymizeIp('999.1.1.1'), '');
});

test('a plain dotted IPv4 address (read by hand) gets the same prefix as through the general path', () => {
  // a leading space sends an address down the general path (trim, isIP), the reference here
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '1000', '', 'a', '-1', '+1', ' 1'));
  fc.assert(
    fc.property(fc.array(octet, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '.', ' '), (octets, tail) => {
      const ip = octets.join('.') + tail;
      assert.equal(anonymizeIp(ip), anonymizeIp(` ${ip}`), JSON.stringify(ip));
    }),
    { numRuns: 5000 },
  );
  assert.equal(anonymizeIp('0.0.0.0'), '0.0.0.0');
  assert.equal(anonymizeIp('255.255.255.255'), '255.255.255.0');
  assert.equal(anonymizeIp('01.2.3.4'), '');
  assert.equal(anonymizeIp('1.2.3'), '');
  assert.equal(anonymizeIp('1.2.3.4.5'), '');
});

test('stored events carry no personal data sent by mistake; the full user agent only when enabled', async (t) => {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  const sent = event({
    app_id: 'shop',
    session_id: 'raw-session-1',
    properties: { email: 'jane@example.com', note: 'reach me at jane@example.com or +44 20 7946 0958', card: '4111-1111-1111-1111', plan: 'pro' },
    context: { ip: '2001:db8:abcd:12::1', user_agent: ua, page_url: 'https://shop.test/?email=jane@example.com' },
  });
  for (const storeUserAgent of [false, true]) {
    await t.test(`TALLY_STORE_USER_AGENT=${storeUserAgent}`, async (t2) => {
      const tally = await startTestTally(t2, { TALLY_STORE_USER_AGENT: String(storeUserAgent) });
      const shop = await createApp(tally, 'shop');
      const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: sent });
      assert.equal(res.statusCode, 200, res.body);
      const [row] = await tally.store.query<Record<string, string>>('SELECT * FROM events');
      const text = JSON.stringify(row);
      for (const leaked of ['jane@example.com', '7946', '4111', 'raw-session-1', '2001:db8:abcd:12::1']) assert.ok(!text.includes(leaked), `${leaked} stored: ${text}`);
      assert.deepEqual(JSON.parse(row.properties), { note: 'reach me at [email] or [phone]', card: '[card]', plan: 'pro' });
      assert.equal(row.ip_prefix, '2001:db8:abcd::');
      assert.match(row.session_id, /^sh_[0-9a-f]{32}$/);
      assert.equal(row.page_url, 'https://shop.test/?email=[email]');
      assert.equal(row.user_agent, storeUserAgent ? ua : '');
      assert.equal(row.browser, 'Chrome');
    });
  }
});

test('scrubbing can be turned off per kind by configuration', async (t) => {
  const tally = await startTestTally(t, { TALLY_SCRUB_EMAILS: 'false', TALLY_SCRUB_KEYS: '', TALLY_HASH_SESSION_IDS: 'false' });
  await createApp(tally, 'shop');
  await tally.ingest.ingest([event({ session_id: 's1', properties: { email: 'jane@example.com' } })], {});
  const [row] = await tally.store.query<{ properties: string; session_id: string }>('SELECT properties, session_id FROM events');
  assert.deepEqual(JSON.parse(row.properties), { email: 'jane@example.com' });
  assert.equal(row.session_id, 's1');
});

test('a property named __proto__ stays data when scrubbing changes the event: kept, not silently dropped', async (t) => {
  const input = JSON.parse('{"__proto__": {"plan": "pro"}, "email": "x", "note": "mail jane@example.com"}') as Record<string, unknown>;
  const scrubbed = scrubber.properties(input);
  assert.notEqual(scrubbed, input, 'scrubbing changed the event');
  assert.equal(JSON.stringify(scrubbed), '{"__proto__":{"plan":"pro"},"note":"mail [email]"}');

  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const body = `{"events":[${JSON.stringify(event()).replace('"properties":{"page":"/"}', '"properties":{"__proto__":{"plan":"pro"},"note":"mail jane@example.com"}')}]}`;
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(shop.writeKey), 'content-type': 'application/json' }, payload: body });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted, 1);
  const [row] = await tally.store.query<{ properties: string }>('SELECT properties FROM events');
  assert.equal(row.properties, '{"__proto__":{"plan":"pro"},"note":"mail [email]"}');
});
