// posthog-js, the library's own built browser bundle from node_modules, in headless Chromium
// (playwright-core driving Debian's Chromium), on a page of another origin than the real
// `tally serve` it sends to: its $pageview, custom events, identify (with $anon_distinct_id and
// $set) arrive once each, in the encoding it chooses (gzip-js after /flags/ says it is supported),
// and the anonymous browsing and the signed-in purchase are one person in a funnel.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { eventually, readJson, startCaptureServer, storedEvents } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BUNDLE = path.resolve(import.meta.dirname, '../../../node_modules/posthog-js/dist/array.js');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>shop</title></head>
<body><h1>Shop</h1>
<script src="/posthog.js"></script>
<script>
  const params = new URLSearchParams(location.search);
  posthog.init(params.get('key'), {
    api_host: params.get('host'),
    autocapture: false,
    capture_pageview: true,
    capture_pageleave: false,
    disable_session_recording: true,
    disable_surveys: true,
    disable_external_dependency_loading: true,
    persistence: 'localStorage',
    // headless Chromium says so in its user agent: let its events through
    opt_out_useragent_filter: true,
    loaded: () => { window.posthogReady = true; },
  });
</script>
</body></html>`;

test('posthog-js in Chromium: pageview, events and identify land once each; the anonymous visitor and the buyer are one person', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const server = await startCaptureServer(t, 'web');
  const requests: string[] = [];
  const site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (url.pathname === '/posthog.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => site.close(() => resolve())));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    if (req.url().startsWith(server.tally.url)) requests.push(`${req.method()} ${new URL(req.url()).pathname}`);
  });
  await page.goto(`${origin}/?host=${encodeURIComponent(server.tally.url)}&key=${encodeURIComponent(server.writeKey)}`);
  await page.waitForFunction(() => (window as any).posthogReady === true);

  const anonymousId = await page.evaluate(() => {
    const ph = (window as any).posthog;
    ph.capture('view_item', { sku: 'A1' });
    const anon = ph.get_distinct_id();
    ph.identify('buyer-1', { plan: 'pro' });
    ph.capture('purchase', { revenue: 12.5 });
    return anon;
  });
  const events = await eventually(() => storedEvents(server), (list) => list.length >= 4, 30_000);
  assert.deepEqual(problems, []);
  assert.deepEqual(events.map((e) => e.event_name).sort(), ['$identify', '$pageview', 'purchase', 'view_item'], JSON.stringify(requests));
  assert.equal(new Set(events.map((e) => e.event_id)).size, 4);
  const view = events.find((e) => e.event_name === 'view_item') as Record<string, any>;
  assert.equal(view.anonymous_id, anonymousId, 'before identify: the anonymous distinct id');
  assert.match(view.context.browser, /^Chrome/, 'the browser from the user agent');
  assert.ok(view.context.page_url.startsWith(origin), 'the page the event happened on');
  const identify = events.find((e) => e.event_name === '$identify') as Record<string, any>;
  assert.deepEqual([identify.user_id, identify.anonymous_id], ['buyer-1', anonymousId]);
  assert.equal((events.find((e) => e.event_name === 'purchase') as Record<string, any>).user_id, 'buyer-1');
  assert.ok(requests.some((r) => r.startsWith('POST /flags')), `the library asked for flags: ${requests.join(', ')}`);

  const profile = await readJson(server, 'GET', '/v1/profiles/buyer-1?app_id=web');
  assert.equal(profile.body.traits.plan, 'pro');
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const funnel = await readJson(server, 'POST', '/v1/insights/funnels', { app_id: 'web', from, to, window: '1h', steps: [{ event: '$pageview' }, { event: 'view_item' }, { event: 'purchase' }] });
  assert.equal(funnel.status, 200, JSON.stringify(funnel.body));
  assert.deepEqual(funnel.body.steps.map((s: any) => s.count), [1, 1, 1]);

  // nothing more arrives later (no second delivery of the same events)
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await storedEvents(server)).filter((e) => !e.event_name.startsWith('$pageleave')).length, 4);
});
