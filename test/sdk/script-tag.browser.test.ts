// The one-line script in a real browser: a static page on another origin carries
// `<script defer src="{tally}/tally.js" data-write-key data-app …>`. Its page views (the load and a
// single-page-app navigation), a call queued before the script loaded, an outbound-link click, a
// file download and an event tracked just before the page goes away all arrive in Tally once each.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { spawnTally, type TallyProcess } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function page(tallyUrl: string, writeKey: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop home</title>
<script>window.tally = window.tally || { q: [] }; tally.q.push(['track', 'signup_started', { plan: 'pro' }]);</script>
<script defer src="${tallyUrl}/tally.js" data-write-key="${writeKey}" data-app="web" data-outbound-links data-file-downloads></script>
</head>
<body><h1>Shop</h1>
<a id="outbound" href="${tallyUrl}/healthz" target="_blank" rel="noopener">elsewhere</a>
<a id="download" href="/files/price-list.pdf">price list</a>
<a id="internal" href="/about">about</a>
</body></html>`;
}

/** The customer's site: the test page and a downloadable file, on an origin other than Tally's. */
async function site(t: TestContext, html: () => string): Promise<string> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' || url.pathname === '/next') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
    } else if (url.pathname === '/files/price-list.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="price-list.pdf"' }).end('%PDF-1.4\n');
    } else {
      res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function events(tally: TallyProcess, readKey: string): Promise<Array<Record<string, any>>> {
  const res = await fetch(`${tally.url}/v1/events?app_id=web&limit=1000`, { headers: { authorization: `Bearer ${readKey}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: Array<Record<string, any>> }).events;
}

async function until(what: string, get: () => Promise<Array<Record<string, any>>>, ok: (v: Array<Record<string, any>>) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value.map((e) => e.event_name))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the one-line script tracks page views, SPA navigation, queued calls, outbound links and downloads from another origin', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tally = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '10' });
  t.after(() => tally.stop('SIGKILL'));
  const created = await fetch(`${tally.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'web' }) });
  const { write_key: writeKey, read_key: readKey } = (await created.json()) as { write_key: string; read_key: string };
  // "localhost" is another host than the page's 127.0.0.1: the link to it is outbound
  const tallyUrl = tally.url.replace('127.0.0.1', 'localhost');
  const origin = await site(t, () => page(tallyUrl, writeKey));

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  t.after(() => browser.close());
  const context = await browser.newContext({ acceptDownloads: true });
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  tab.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console: ${msg.text()}`);
  });

  await tab.goto(`${origin}/?ref=test`, { referer: 'https://news.example.com/story' });
  await tab.waitForFunction(() => typeof (window as any).tally?.track === 'function');
  // a single-page-app navigation, then the same URL again (not a new page view)
  await tab.evaluate(() => {
    document.title = 'Pricing';
    history.pushState({}, '', '/pricing');
  });
  await tab.waitForTimeout(50);
  await tab.evaluate(() => history.pushState({}, '', '/pricing'));
  const download = tab.waitForEvent('download');
  await tab.click('#download');
  await download;
  const popup = context.waitForEvent('page');
  await tab.click('#outbound');
  await (await popup).close();
  await tab.evaluate(() => (window as any).tally.track('add_to_cart', { sku: 'sku_1' }));
  await tab.evaluate(() => (window as any).tally.flush());

  let stored = await until('the tracked events', () => events(tally, readKey), (list) => list.length >= 6);
  const byName = (name: string) => stored.filter((e) => e.event_name === name);
  assert.deepEqual(stored.map((e) => e.event_name).sort(), ['add_to_cart', 'file_download', 'outbound_link_click', 'page_view', 'page_view', 'signup_started']);
  const views = byName('page_view').sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  assert.deepEqual(views.map((e) => e.properties.page), ['/', '/pricing']);
  assert.equal(views[0].properties.url, `${origin}/?ref=test`);
  assert.equal(views[0].properties.title, 'Shop home');
  assert.equal(views[0].properties.referrer, 'https://news.example.com/story');
  assert.equal(views[1].properties.title, 'Pricing');
  assert.equal(views[1].properties.referrer, `${origin}/?ref=test`, 'an SPA view is referred by the previous page');
  assert.deepEqual(byName('signup_started')[0].properties, { plan: 'pro' }, 'the call queued before the script loaded');
  assert.deepEqual(byName('file_download')[0].properties, { url: `${origin}/files/price-list.pdf`, extension: 'pdf' });
  assert.deepEqual(byName('outbound_link_click')[0].properties, { url: `${tallyUrl}/healthz` });
  // one visitor, one session, a browser derived from the real user agent
  assert.equal(new Set(stored.map((e) => e.anonymous_id)).size, 1);
  assert.equal(new Set(stored.map((e) => e.session_id)).size, 1);
  assert.ok(stored.every((e) => e.context.browser.length > 0));

  // tracked just before the page goes away: leaves with a keepalive request
  await tab.evaluate(() => (window as any).tally.track('checkout_started', { step: 1 }));
  await tab.goto('about:blank');
  stored = await until('the event sent on page hide', () => events(tally, readKey), (list) => list.some((e) => e.event_name === 'checkout_started'));
  await new Promise((r) => setTimeout(r, 300));
  stored = await events(tally, readKey);
  assert.equal(stored.length, 7);
  assert.equal(new Set(stored.map((e) => e.event_id)).size, 7);
  assert.deepEqual(problems, []);
});
