// App webhooks reach public addresses only (unless TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS): a rule
// naming a loopback, private or link-local address is refused when created; a delivery to one is
// refused before anything is sent; a name is judged by the addresses it resolves to, on the
// connection itself.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliver, isPublicAddress, publicOnlyLookup } from '../../src/alerts/index.ts';
import { bearer } from '../helpers/tally.ts';
import { alertTally, appWithKeys } from './helpers.ts';
import { startReceiver } from './receiver.ts';

test('public and non-public addresses', () => {
  const cases: Array<[string, boolean]> = [
    ['8.8.8.8', true], ['1.1.1.1', true], ['2606:4700:4700::1111', true], ['93.184.216.34', true],
    ['127.0.0.1', false], ['127.255.0.9', false], ['10.1.2.3', false], ['172.16.0.1', false], ['172.31.255.255', false], ['192.168.1.1', false],
    ['169.254.169.254', false], ['100.64.0.1', false], ['0.0.0.0', false], ['224.0.0.1', false], ['255.255.255.255', false], ['198.18.0.1', false],
    ['::1', false], ['::', false], ['fe80::1', false], ['fd00::1', false], ['fc00::5', false], ['ff02::1', false],
    ['::ffff:127.0.0.1', false], ['::ffff:7f00:1', false], ['::ffff:8.8.8.8', true], ['64:ff9b::a9fe:a9fe', false],
    ['not-an-ip', false],
  ];
  for (const [address, expected] of cases) assert.equal(isPublicAddress(address), expected, address);
});

test('a name that resolves to a loopback address is refused on the connection', async () => {
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', {}, (err) => resolve(err)));
  assert.equal(error?.code, 'ETALLYPRIVATEADDRESS');
  assert.match(String(error?.message), /localhost is (127\.0\.0\.1|::1), not a public address/);
});

test('a delivery to a non-public address sends nothing unless private networks are allowed', async (t) => {
  const hook = await startReceiver(t);
  const notification = { alertId: 'alr_x', appId: 'shop', name: 'busy', state: 'firing', value: 1, low: null, high: 0, atMs: Date.now(), firingSinceMs: null, message: 'm', deliveryId: 'dlv_1', test: true } as unknown as Parameters<typeof deliver>[1];
  const options = { attempts: 2, retryBaseMs: 1, timeoutMs: 2000 };
  for (const url of [hook.url, hook.url.replace('127.0.0.1', 'localhost')]) {
    const refused = await deliver({ url, secret: 'test-secret-0123', format: 'tally' }, notification, { ...options, privateNetworks: false });
    assert.equal(refused.status, 'failed', url);
    assert.match(refused.error, /not a public address/);
  }
  assert.equal(hook.received.length, 0, 'nothing reached the receiver');
  const allowed = await deliver({ url: hook.url, secret: 'test-secret-0123', format: 'tally' }, notification, { ...options, privateNetworks: true });
  assert.equal(allowed.status, 'delivered');
  assert.equal(hook.received.length, 1);
});

test('by default a rule whose webhook names a non-public address is refused with a coded 400', async (t) => {
  const tally = await alertTally(t, { TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS: 'false' });
  const { readKey } = await appWithKeys(tally, 'shop');
  const rule = (url: string) => ({
    app_id: 'shop', name: 'busy', trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'threshold', op: 'above', value: 5 }, every: '1h', webhook: { url, secret: 'test-secret-0123' },
  });
  for (const url of ['http://127.0.0.1:9/hook', 'http://[::1]:9/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/', 'http://localhost:9/x', 'http://[::ffff:127.0.0.1]/']) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(readKey), payload: rule(url) });
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.equal(res.json().error.code, 'TALLY_ERR_ALERT_INVALID');
    assert.match(res.json().error.message, /not a public address/);
  }
  const ok = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(readKey), payload: rule('https://hooks.example.com/tally') });
  assert.equal(ok.statusCode, 201, ok.body);
  const { alert_id: alertId } = ok.json() as { alert_id: string };
  const moved = await tally.app.inject({ method: 'PATCH', url: `/v1/alerts/${alertId}?app_id=shop`, headers: bearer(readKey), payload: { webhook: { url: 'http://192.168.0.10/', secret: 'test-secret-0123' } } });
  assert.equal(moved.statusCode, 400, moved.body);
});
