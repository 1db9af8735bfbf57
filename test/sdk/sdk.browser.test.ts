// The SDK's browser build in a real browser: Debian's headless Chromium driven by playwright-core
// loads a test page from its own origin (a small static server) that imports sdk/dist as ES
// modules and tracks events into the real Tally server process on another origin (so CORS and
// the preflight are exercised as on a customer's site). Events must arrive, once each, through
// flush() and through the keepalive requests sent when the page goes away.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from '../../sdk/scripts/build.ts';
import { spawnTally, type TallyProcess } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>shop</title></head>
<body><h1>Shop</h1>
<script type="module">
  import { init } from '/sdk/index.js';
  const params = new URLSearchParams(location.search);
  window.tally = init({ host: params.get('host'), writeKey: params.get('key'), appId: 'web', flushAt: 1000, flushIntervalMs: 60000 });
  window.tallyReady = true;
</script>
</body></html>`;

/** Serves the test page and the built SDK, from an origin other than Tally's. */
async function staticServer(t: TestContext, distDir: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(distDir, path.basename(url.pathname));
    if (url.pathname.startsWith('/sdk/') && file.endsWith('.js') && existsSync(file)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
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

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the browser build runs in headless Chromium and its events arrive in Tally, once each', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const dir = tempDir();
  const distDir = tempDir('tally-sdk-dist-');
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(distDir, { recursive: true, force: true });
  });
  await build(distDir);

  const tally = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '10' });
  t.after(() => tally.stop('SIGKILL'));
  const created = await fetch(`${tally.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'web' }) });
  const { write_key: writeKey, read_key: readKey } = (await created.json()) as { write_key: string; read_key: string };
  const origin = await staticServer(t, distDir);

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });

  await page.goto(`${origin}/?host=${encodeURIComponent(tally.url)}&key=${encodeURIComponent(writeKey)}`);
  await page.waitForFunction(() => (window as unknown as { tallyReady?: boolean }).tallyReady === true);

  // 1. tracked events, delivered by flush()
  const afterFlush = await page.evaluate(async () => {
    const tally = (window as unknown as { tally: import('@tally/sdk').TallyClient }).tally;
    tally.track('page_view', { page: location.pathname });
    tally.identify('u_browser');
    tally.track('add_to_cart', { sku: 'sku_1', price: 12.5 });
    tally.track('purchase', { revenue: 19.99, variant: 'B' });
    await tally.flush();
    return { stats: tally.stats(), sessionId: tally.getSessionId(), anonymousId: tally.getAnonymousId(), stored: localStorage.getItem('tally:web') !== null };
  });
  assert.deepEqual(problems, []);
  assert.equal(afterFlush.stats.queuedEvents, 0, JSON.stringify(afterFlush));
  assert.equal(afterFlush.stats.deliveredEvents, 3);
  assert.equal(afterFlush.stored, true, 'state kept in localStorage');

  let stored = await events(tally, readKey);
  assert.deepEqual(stored.map((e) => e.event_name).sort(), ['add_to_cart', 'page_view', 'purchase']);
  // one session for all three (the server may store the session id hashed, so compare among them)
  assert.equal(new Set(stored.map((e) => e.session_id)).size, 1);
  assert.ok(afterFlush.sessionId && stored[0].session_id);
  for (const e of stored) {
    assert.equal(e.context.browser.length > 0, true, 'browser derived from the real user agent');
    assert.equal(e.context.os.length > 0, true);
  }
  assert.equal(stored.find((e) => e.event_name === 'page_view')!.anonymous_id, afterFlush.anonymousId);
  assert.equal(stored.find((e) => e.event_name === 'purchase')!.user_id, 'u_browser');
  assert.deepEqual(stored.find((e) => e.event_name === 'purchase')!.properties, { revenue: 19.99, variant: 'B' });

  // 2. events still queued when the page goes away leave with keepalive requests
  await page.evaluate(() => {
    const tally = (window as unknown as { tally: import('@tally/sdk').TallyClient }).tally;
    for (let i = 0; i < 5; i++) tally.track('video_heartbeat', { second: i * 10 });
  });
  await page.goto('about:blank');
  stored = await until('the keepalive events', () => events(tally, readKey), (list) => list.length >= 8);
  await new Promise((r) => setTimeout(r, 300));
  stored = await events(tally, readKey);
  assert.equal(stored.length, 8);
  assert.equal(new Set(stored.map((e) => e.event_id)).size, 8);
  assert.deepEqual(stored.filter((e) => e.event_name === 'video_heartbeat').map((e) => e.properties.second).sort((a, b) => a - b), [0, 10, 20, 30, 40]);
  assert.deepEqual(problems, []);
});
