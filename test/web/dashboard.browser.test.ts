// The dashboard in a real browser: Debian's Chromium (playwright-core) against the real
// `tally serve` process serving the built web/dist. A known dataset is ingested; every insight
// page must show the numbers the API answers for the same question. Also: sign-in (and a refused
// key), pinning an insight to a saved dashboard that survives a reload, the SQL console's error
// path, the live tail, an axe-core scan of every page, the size of the initial JavaScript, and a
// screenshot of every page (test-output/screenshots/, git-ignored) for a person to look at.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { spawnTally, type TallyProcess } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = path.join(ROOT, 'test-output/screenshots');
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const INITIAL_JS_LIMIT_BYTES = 300 * 1024;

const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-15T00:00:00.000Z';

/** 20 users over the first days of October: page views, carts for even users, purchases for every fourth; half come back the next day */
function dataset(): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 20; i++) {
    const day = Date.parse(FROM) + (1 + (i % 5)) * 86_400_000 + 10 * 3_600_000 + i * 60_000;
    const base = { app_id: 'shop', user_id: `u${i}`, session_id: `s${i}` };
    const props = { page: `/p${i % 3}`, variant: i % 2 ? 'B' : 'A' };
    events.push({ ...base, event_name: 'page_view', timestamp: new Date(day).toISOString(), properties: props });
    if (i % 2 === 0) events.push({ ...base, event_name: 'add_to_cart', timestamp: new Date(day + 60_000).toISOString(), properties: props });
    if (i % 4 === 0) events.push({ ...base, event_name: 'purchase', timestamp: new Date(day + 120_000).toISOString(), properties: { ...props, revenue: 10 + i } });
    if (i < 10) events.push({ ...base, session_id: `s${i}b`, event_name: 'page_view', timestamp: new Date(day + 86_400_000).toISOString(), properties: props });
  }
  // recent activity for the overview (last 7 days) and its live tiles
  for (let i = 0; i < 6; i++) events.push({ app_id: 'shop', user_id: `r${i}`, session_id: `rs${i}`, event_name: i % 3 ? 'page_view' : 'signup', timestamp: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(), properties: { page: '/' } });
  return events;
}

const q = (state: object) => `q=${encodeURIComponent(JSON.stringify(state))}`;
const numberIn = (text: string) => Number(text.replace(/,/g, '').trim().split(/\s/)[0]);

async function api(tally: TallyProcess, key: string, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${tally.url}${url}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json() };
}

async function columnTexts(page: Page, table: string, col: string): Promise<string[]> {
  return page.locator(`[data-testid="${table}"] td[data-col="${col}"]`).allTextContents();
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250); // charts finish their first animation frame
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function axe(page: Page): Promise<Array<{ id: string; impact: string; help: string; nodes: number }>> {
  // the content security policy refuses injected script tags (as it should): evaluate axe through the debugging protocol instead
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
}

test('the dashboard, in Chromium, shows what the API answers', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web.ts')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr + built.stdout);
  mkdirSync(SHOTS, { recursive: true });

  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tally = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '10' });
  t.after(() => tally.stop('SIGKILL'));
  const created = await api(tally, ADMIN_TOKEN, 'POST', '/v1/apps', { app_id: 'shop' });
  const { write_key: writeKey, read_key: readKey } = created.body;
  const ingested = await api(tally, writeKey, 'POST', '/v1/batch', { events: dataset() });
  assert.equal(ingested.body.accepted, dataset().length, JSON.stringify(ingested.body));
  // one rejected event, so the quarantine page has something to show
  await api(tally, writeKey, 'POST', '/v1/batch', { events: [{ app_id: 'shop', event_name: 'page_view', timestamp: 'not a time', user_id: 'u1' }] });

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  t.after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // 4xx answers the test provokes on purpose are logged by the browser as failed loads
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });

  await t.test('the initial JavaScript is at most 300 kB gzip', async () => {
    const html = await (await fetch(`${tally.url}/`, { headers: { accept: 'text/html' } })).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length >= 1, html);
    let total = 0;
    for (const s of scripts) total += gzipSync(Buffer.from(await (await fetch(`${tally.url}${s}`)).arrayBuffer())).length;
    t.diagnostic(`initial JS: ${scripts.length} files, ${(total / 1024).toFixed(1)} kB gzip`);
    assert.ok(total <= INITIAL_JS_LIMIT_BYTES, `initial JS ${total} bytes gzip`);
  });

  await t.test('a refused key stays on the sign-in page with the reason; a read key signs in', async () => {
    await page.goto(`${tally.url}/`);
    await shot(page, 'sign-in');
    await page.getByLabel('Read key or admin token').fill('tly_r_000000000000_wrongwrongwrongwrongwrongwrong0');
    await page.getByLabel('App id').fill('shop');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.signin .state.error').waitFor();
    await page.getByLabel('Read key or admin token').fill(readKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  await t.test('overview: KPI tiles equal the overview_stats report', async () => {
    const report = await api(tally, readKey, 'POST', '/v1/report', { template: 'overview_stats', app_id: 'shop', from: '-7d' });
    assert.equal(report.status, 200, JSON.stringify(report.body));
    await page.locator('[data-testid="kpi-events"] .kpi-value').waitFor();
    await page.locator('[data-testid="live-active-users"]').waitFor();
    assert.equal(numberIn(await textOf(page.locator('[data-testid="kpi-events"] .kpi-value'))), report.body.totals.events);
    assert.equal(numberIn(await textOf(page.locator('[data-testid="kpi-users"] .kpi-value'))), report.body.totals.unique_users);
    assert.equal(numberIn(await textOf(page.locator('[data-testid="kpi-sessions"] .kpi-value'))), report.body.totals.sessions);
    assert.match(await textOf(page.locator('[data-testid="snippet"] pre')), /data-app="shop"/);
    await page.locator('[data-testid="top-events-table"]').waitFor();
    await shot(page, 'overview');
  });

  await t.test('trends: the table equals the trends answer', async () => {
    const spec = { from: FROM, to: TO, interval: 'day', timezone: 'UTC', series: [{ event: 'page_view', math: 'count', property: '' }], filters: [], breakdown: '', compare: false };
    const answer = await api(tally, readKey, 'POST', '/v1/insights/trends', { app_id: 'shop', from: FROM, to: TO, interval: 'day', timezone: 'UTC', series: [{ event: 'page_view', math: 'count' }] });
    await page.goto(`${tally.url}/insights/trends?${q(spec)}`);
    await page.locator('[data-testid="trend-table"]').waitFor();
    const values = (await columnTexts(page, 'trend-table', 'value')).map(numberIn);
    assert.deepEqual(values, answer.body.series[0].points.map((p: any) => p.value));
    assert.equal(values.reduce((a, b) => a + b, 0), 30);
    await page.locator('[data-testid="trend-chart"] svg').waitFor();
    await shot(page, 'trends');
  });

  await t.test('pin the trend to a dashboard; after a reload it is still there', async () => {
    await page.getByRole('button', { name: 'Pin to dashboard' }).click();
    await page.getByLabel('Tile title').fill('Page views in October');
    await page.getByLabel('Dashboard', { exact: true }).fill('weekly');
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.waitForURL(/\/dashboards\/weekly$/);
    await page.reload();
    await page.locator('[data-testid="tile"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="tile"]').count(), 1);
    assert.match(await textOf(page.locator('[data-testid="tile"] h2')), /Page views in October/);
    await page.locator('[data-testid="tile"] [data-testid="trend-chart"] svg').waitFor();
    const saved = await api(tally, readKey, 'GET', '/v1/dashboards/weekly?app_id=shop');
    assert.equal(saved.body.tiles.length, 1);
    assert.equal(saved.body.tiles[0].kind, 'trends');
    // the layout is kept: a widened tile is still wide after a reload
    await page.getByRole('button', { name: 'Widen Page views in October' }).click();
    await page.getByRole('button', { name: 'Narrow Page views in October' }).waitFor();
    await page.reload();
    await page.locator('[data-testid="tile"].w2').waitFor();
    assert.equal((await api(tally, readKey, 'GET', '/v1/dashboards/weekly?app_id=shop')).body.tiles[0].width, 2);
    await shot(page, 'dashboard');
  });

  const funnelSpec = { from: FROM, to: TO, window: '1d', order: 'ordered', steps: ['page_view', 'add_to_cart', 'purchase'], filters: [], breakdown: '' };
  await t.test('funnels: step counts equal the funnel answer; a step lists who dropped', async () => {
    const answer = await api(tally, readKey, 'POST', '/v1/insights/funnels', { app_id: 'shop', from: FROM, to: TO, window: '1d', order: 'ordered', steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'purchase' }] });
    await page.goto(`${tally.url}/insights/funnels?${q(funnelSpec)}`);
    await page.locator('[data-testid="funnel-table"]').waitFor();
    const counts = (await columnTexts(page, 'funnel-table', 'count')).map(numberIn);
    assert.deepEqual(counts, answer.body.steps.map((s: any) => s.count));
    assert.deepEqual(counts, [20, 10, 5]);
    await page.locator('[data-testid="funnel-table"] tbody tr').nth(1).click();
    await page.locator('[data-testid="dropped"] table').waitFor();
    const dropped = await api(tally, readKey, 'POST', '/v1/insights/funnels/dropped', { app_id: 'shop', from: FROM, to: TO, window: '1d', order: 'ordered', steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'purchase' }], dropped_at_step: 2 });
    const shown = await page.locator('[data-testid="dropped"] td[data-col="user_id"]').allTextContents();
    assert.deepEqual(shown, dropped.body.users.map((u: any) => u.user_id));
    assert.equal(shown.length, 5);
    await shot(page, 'funnels');
  });

  await t.test('keyboard: the first Tab stop skips to the content, and a funnel step lists its dropped users without a mouse', async () => {
    await page.goto(`${tally.url}/insights/funnels?${q(funnelSpec)}`);
    await page.locator('[data-testid="funnel-table"]').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    let reached = false;
    for (let i = 0; i < 150 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return !!el?.classList.contains('row-button') && !!el.closest('[data-testid="funnel-table"]') && el.textContent === '2';
      });
    }
    assert.ok(reached, 'the second step is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="dropped"] table').waitFor();
  });

  await t.test('retention: the cohort table equals the retention answer', async () => {
    const spec = { from: FROM, to: TO, start_event: 'page_view', return_event: 'page_view', period: 'day', periods: 3, timezone: 'UTC', filters: [] };
    const answer = await api(tally, readKey, 'POST', '/v1/insights/retention', { app_id: 'shop', from: FROM, to: TO, start_event: 'page_view', return_event: 'page_view', period: 'day', periods: 3, timezone: 'UTC' });
    await page.goto(`${tally.url}/insights/retention?${q(spec)}`);
    await page.locator('[data-testid="retention-table"]').waitFor();
    assert.deepEqual((await columnTexts(page, 'retention-table', 'size')).map(numberIn), answer.body.cohorts.map((c: any) => c.size));
    for (const k of [0, 1, 2]) {
      const shown = (await columnTexts(page, 'retention-table', `p${k}`)).map((s) => (s === '' ? undefined : numberIn(s)));
      assert.deepEqual(shown, answer.body.cohorts.map((c: any) => c.values[k]), `period ${k}`);
    }
    await page.locator('[data-testid="retention-chart"] svg').waitFor();
    await shot(page, 'retention');
  });

  await t.test('experiments: variants equal the experiment answer, and "not enough data" is explained', async () => {
    const spec = { from: FROM, to: TO, variant_property: 'variant', exposure_event: '', goal: 'purchase', control: 'A', confidence_level: '0.95', sequential: false, min_users_per_variant: '100' };
    const answer = await api(tally, readKey, 'POST', '/v1/insights/experiments', { app_id: 'shop', from: FROM, to: TO, variant_property: 'variant', control: 'A', goal: { event: 'purchase' }, confidence_level: 0.95, sequential: false, min_users_per_variant: 100 });
    await page.goto(`${tally.url}/insights/experiments?${q(spec)}`);
    await page.locator('[data-testid="experiment-table"]').waitFor();
    assert.deepEqual((await columnTexts(page, 'experiment-table', 'users')).map(numberIn), answer.body.variants.map((v: any) => v.users));
    assert.deepEqual((await columnTexts(page, 'experiment-table', 'conversions')).map(numberIn), answer.body.variants.map((v: any) => v.conversions));
    assert.deepEqual((await columnTexts(page, 'experiment-table', 'rate')), answer.body.variants.map((v: any) => `${(v.rate * 100).toFixed(2)}%`));
    assert.equal(answer.body.status, 'not_enough_data');
    const explained = await textOf(page.locator('[data-testid="not-enough-data"]'));
    for (const reason of answer.body.reasons) assert.ok(explained.includes(reason), `${reason} in ${explained}`);
    await shot(page, 'experiments');
  });

  await t.test('segments: a custom segment has the size the API answers, and is saved by name', async () => {
    const answer = await api(tally, readKey, 'POST', '/v1/insights/segments', { app_id: 'shop', segment: { custom: { event: 'add_to_cart', min_count: 1, from: FROM } }, limit: 100 });
    await page.goto(`${tally.url}/insights/segments?${q({ kind: 'custom', from: FROM, event: 'add_to_cart', min_count: '1' })}`);
    await page.locator('[data-testid="segment-size"] .kpi-value').waitFor();
    assert.equal(numberIn(await textOf(page.locator('[data-testid="segment-size"] .kpi-value'))), answer.body.size);
    assert.equal(answer.body.size, 10);
    await page.getByLabel('Name').fill('carters');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('td[data-col="name"]', { hasText: 'carters' }).waitFor();
    const saved = await api(tally, readKey, 'GET', '/v1/segments/carters?app_id=shop');
    assert.equal(saved.body.definition.event, 'add_to_cart');
  });

  await t.test('SQL console: an invalid query shows the error as the server sent it', async () => {
    const sent = await api(tally, readKey, 'POST', '/v1/query', { app_id: 'shop', sql: 'SELEC 1' });
    assert.equal(sent.status, 400);
    await page.goto(`${tally.url}/sql`);
    await page.locator('#sql').fill('SELEC 1');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('[data-testid="error"]').waitFor();
    const text = await textOf(page.locator('[data-testid="error"]'));
    assert.ok(text.includes(sent.body.error.code), text);
    assert.ok(text.includes(sent.body.error.message), text);
    await shot(page, 'sql-error');
    await page.locator('#sql').fill("SELECT event_name, count() AS n FROM events WHERE timestamp < '2026-10-15' GROUP BY event_name ORDER BY event_name");
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('[data-testid="sql-table"]').waitFor();
    assert.deepEqual((await columnTexts(page, 'sql-table', 'n')).map(numberIn), [10, 30, 5]);
    await shot(page, 'sql');
  });

  await t.test('events: the live tail shows a newly sent event', async () => {
    await page.goto(`${tally.url}/events`);
    await page.locator('[data-testid="events-table"]').waitFor();
    await page.getByTestId('live-tail').click();
    const sent = await api(tally, writeKey, 'POST', '/v1/events', { app_id: 'shop', event_name: 'tail_probe', user_id: 'u_tail', timestamp: new Date().toISOString(), properties: { n: 1 } });
    assert.equal(sent.body.accepted, 1);
    await page.locator('[data-testid="events-table"] td[data-col="event_name"]', { hasText: 'tail_probe' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('live-tail').click();
    await page.locator('[data-testid="events-table"] td[data-col="event_name"]', { hasText: 'tail_probe' }).click();
    assert.match(await textOf(page.locator('[data-testid="event-record"] pre')), /"user_id": "u_tail"/);
    assert.deepEqual(await axe(page), [], 'a selected row passes the scan too');
    await shot(page, 'events');
  });

  const pages: Array<[string, string]> = [
    ['overview', '/'],
    ['trends', `/insights/trends?${q({ from: FROM, to: TO, breakdown: 'page', compare: false })}`],
    ['funnels', `/insights/funnels?${q(funnelSpec)}`],
    ['retention', `/insights/retention?${q({ from: FROM, to: TO, periods: 4 })}`],
    ['paths', `/insights/paths?${q({ from: FROM, to: TO })}`],
    ['experiments', `/insights/experiments?${q({ from: FROM, to: TO, min_users_per_variant: '5', control: 'A' })}`],
    ['segments', `/insights/segments?${q({ kind: 'custom', from: FROM, event: 'add_to_cart' })}`],
    ['dashboards', '/dashboards'],
    ['dashboard', '/dashboards/weekly'],
    ['reports', `/reports?${q({ template: 'revenue', from: FROM, to: TO })}`],
    ['events', '/events'],
    ['sql', '/sql'],
    ['schemas', '/data/schemas'],
    ['quarantine', '/data/quarantine'],
    ['jobs', '/data/jobs'],
    ['learning', `/data/learning?${q({ user: 'u1' })}`],
    ['alerts', '/data/alerts'],
  ];

  async function visit(url: string): Promise<void> {
    await page.goto(`${tally.url}${url}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.state.loading, .spinner').length === 0, undefined, { timeout: 15_000 });
  }

  await t.test('every page: no serious or critical accessibility violation (axe-core), a screenshot each', async () => {
    const found: Record<string, unknown> = {};
    for (const [name, url] of pages) {
      await visit(url);
      await shot(page, `page-${name}`);
      const violations = await axe(page);
      if (violations.length) found[name] = violations;
    }
    assert.deepEqual(found, {});
  });

  await t.test('the admin token signs in, sees the admin pages, and they pass the scan too', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Read key or admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shot(page, 'admin-sign-in');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const found: Record<string, unknown> = {};
    for (const [name, url] of [['keys', '/data/keys'], ['sinks', '/data/sinks'], ['sources', '/data/sources'], ['alerts-admin', '/data/alerts'], ['overview-admin', '/']] as const) {
      await visit(url);
      await shot(page, `page-${name}`);
      if (name === 'keys') assert.equal(await page.locator('td[data-col="key_id"]').count(), 2, 'the write and read key of shop');
      if (name === 'overview-admin') {
        await page.locator('[data-testid="pipeline-rules"]').waitFor();
        await page.getByRole('button', { name: 'Create a write key for this tag' }).click();
        await page.locator('[data-testid="snippet"] .notice').waitFor();
        const tag = await textOf(page.locator('[data-testid="snippet"] pre'));
        const key = /data-write-key="(tly_w_[^"]+)"/.exec(tag)?.[1];
        assert.ok(key, tag);
        const sent = await api(tally, key, 'POST', '/v1/events', { app_id: 'shop', event_name: 'snippet_key_works', user_id: 'u_admin', timestamp: new Date().toISOString() });
        assert.equal(sent.body.accepted, 1, 'the minted key writes into the app');
      }
      const violations = await axe(page);
      if (violations.length) found[name] = violations;
    }
    assert.deepEqual(found, {});
  });

  await t.test('dark theme: the toggle switches, pages pass the scan in dark too', async () => {
    await page.getByRole('button', { name: /Switch to the dark theme/ }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const found: Record<string, unknown> = {};
    for (const [name, url] of pages.filter(([n]) => ['overview', 'trends', 'funnels', 'retention', 'experiments', 'paths', 'dashboard'].includes(n))) {
      await visit(url);
      await shot(page, `dark-${name}`);
      const violations = await axe(page);
      if (violations.length) found[name] = violations;
    }
    assert.deepEqual(found, {});
  });

  await t.test('a key refused later (401) returns to sign-in with the reason', async () => {
    await page.evaluate(() => sessionStorage.setItem('tally:session', JSON.stringify({ token: 'tly_r_000000000000_revokedrevokedrevokedrevoked00', kind: 'read', appId: 'shop', apps: ['shop'] })));
    await page.goto(`${tally.url}/insights/trends`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(await textOf(page.locator('.signin .notice')), /refused the key/);
  });

  assert.deepEqual(problems, []);
});
