import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally } from '../../src/service.ts';
import { eventsTtl } from '../../src/privacy/index.ts';
import { DEFAULT_RETENTION } from '../../src/config/trust.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { ADMIN_TOKEN, createApp, event, startTestTally, tempDir } from '../helpers/tally.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

test('the TTL rules follow the configuration: seed 004 classes, 90 days for the rest, forever when asked', () => {
  const defaults = loadConfig({}).retention;
  assert.equal(
    eventsTtl(defaults),
    "toDateTime(timestamp) + INTERVAL 7 YEAR DELETE WHERE category = 'content', " +
      "toDateTime(timestamp) + INTERVAL 1 YEAR DELETE WHERE category = 'interaction', " +
      "toDateTime(timestamp) + INTERVAL 7 YEAR DELETE WHERE category = 'transaction', " +
      "toDateTime(timestamp) + INTERVAL 2 YEAR DELETE WHERE category = 'user_activity', " +
      "toDateTime(timestamp) + INTERVAL 90 DAY DELETE WHERE category NOT IN ('content', 'interaction', 'transaction', 'user_activity')",
  );
  assert.equal(eventsTtl(loadConfig({ TALLY_RETENTION: 'transaction=forever', TALLY_RETENTION_DEFAULT: 'forever' }).retention), '');
  for (const bad of ['transaction=7', 'Transaction=7y', 'x=0d', 'x=7w', 'x']) {
    assert.throws(() => loadConfig({ TALLY_RETENTION: bad }), /TALLY_RETENTION/, bad);
  }
});

test('old events are deleted by category once the engine merges (seed 004 retention, 90 days otherwise)', async (t) => {
  const tally = await startTestTally(t, { TALLY_RETENTION: DEFAULT_RETENTION, TALLY_RETENTION_DEFAULT: '90d' });
  await createApp(tally, 'shop');
  const now = Date.now();
  const at = (ageMs: number) => new Date(now - ageMs).toISOString();
  const cases: Array<[string, number, boolean]> = [
    ['purchase', 6 * YEAR, true],
    ['purchase', 8 * YEAR, false],
    ['page_view', 300 * DAY, true],
    ['page_view', 400 * DAY, false],
    ['user.login', 1.5 * YEAR, true],
    ['user.login', 2.5 * YEAR, false],
    ['review.posted', 6 * YEAR, true],
    ['review.posted', 8 * YEAR, false],
    ['custom_thing', 60 * DAY, true],
    ['custom_thing', 120 * DAY, false],
  ];
  // ingest refuses events already past their retention, so the aged rows go straight into the table
  const validate = createIngestPipeline();
  const rows = cases.map(([name, age], i) => {
    const r = validate(event({ event_name: name, timestamp: at(age), user_id: `u_${i}` }), { receivedAtMs: now });
    assert.ok(r.ok);
    return r.event.row;
  });
  await tally.store.insertJsonEachRow('events', Buffer.from(rows.join('\n') + '\n'));
  await tally.store.command('OPTIMIZE TABLE events FINAL');
  const stored = await tally.store.query<{ user_id: string; category: string }>('SELECT user_id, category FROM events ORDER BY user_id');
  const kept = new Set(stored.map((row) => row.user_id));
  for (const [i, [name, age, keep]] of cases.entries()) assert.equal(kept.has(`u_${i}`), keep, `${name} aged ${Math.round(age / DAY)} days`);
  assert.deepEqual([...new Set(stored.map((row) => row.category))].sort(), ['content', 'interaction', 'other', 'transaction', 'user_activity']);
});

test('changed rules are applied at the next start; unchanged rules are not re-applied', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const start = async (env: Record<string, string>) =>
    startTally(loadConfig({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '5', ...env }), { listen: false, logger: pino({ level: 'silent' }) });
  const states = async (tally: Awaited<ReturnType<typeof start>>) =>
    (await tally.store.query<{ n: number }>("SELECT count() AS n FROM retention_state WHERE table_name = 'events'"))[0].n;

  let tally = await start({});
  const first = await states(tally);
  await tally.close();

  tally = await start({});
  assert.equal(await states(tally), first, 'an unchanged configuration writes no new rules');
  await tally.close();

  tally = await start({ TALLY_RETENTION: 'transaction=7y', TALLY_RETENTION_DEFAULT: '30d' });
  try {
    assert.equal(await states(tally), first + 1);
    await createApp(tally, 'shop');
    await tally.ingest.ingest(
      [
        event({ event_name: 'page_view', timestamp: new Date(Date.now() - 45 * DAY).toISOString(), user_id: 'old' }),
        event({ event_name: 'page_view', timestamp: new Date(Date.now() - 5 * DAY).toISOString(), user_id: 'new' }),
      ],
      {},
    );
    await tally.store.command('OPTIMIZE TABLE events FINAL');
    const rows = await tally.store.query<{ user_id: string }>('SELECT user_id FROM events');
    assert.deepEqual(rows.map((r) => r.user_id), ['new'], 'interactions now fall under the 30-day default');
    const [ddl] = await tally.store.query<{ q: string }>("SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = 'audit_log'");
    assert.match(ddl.q, /TTL toDateTime\(at\) \+ toIntervalDay\(730\)/);
  } finally {
    await tally.close();
  }
});

test('an event older than its category keeps is rejected, not acknowledged and then removed', async (t) => {
  const tally = await startTestTally(t, { TALLY_RETENTION: 'transaction=7y', TALLY_RETENTION_DEFAULT: '90d' });
  await createApp(tally, 'shop');
  const old = new Date(Date.now() - 200 * DAY).toISOString();
  const receipt = await tally.ingest.ingest(
    [event({ app_id: 'shop', event_name: 'page_view', timestamp: old }), event({ app_id: 'shop', event_name: 'payment.completed', timestamp: old })],
    {},
  );
  assert.equal(receipt.accepted, 1, 'the transaction (kept 7 years) is stored');
  assert.deepEqual(receipt.rejected.map((r) => [r.index, r.code]), [[0, 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD']]);
});
