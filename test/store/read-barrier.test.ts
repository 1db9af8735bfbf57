import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinReadPosition, withReadBarrier, type ReadBarrier } from '../../src/store/index.ts';
import { createApp, event, startTestTally } from '../helpers/tally.ts';

/** a barrier over a counter: records which positions reads waited for */
function countingBarrier() {
  let appended = 0;
  const waited: number[] = [];
  const barrier: ReadBarrier = {
    position: () => appended,
    async visible(position) {
      waited.push(position);
    },
  };
  return { barrier, waited, append: () => appended++ };
}

test('reads wait for the position pinned for their work, or for everything acknowledged so far; inserts and the ingest lane never wait', async (t) => {
  const tally = await startTestTally(t);
  const { barrier, waited, append } = countingBarrier();
  const store = withReadBarrier(tally.store, barrier);
  append();
  append();
  await store.query('SELECT 1');
  await store.command('SELECT 1');
  assert.deepEqual(waited, [2, 2]);
  // a request pinned at 2 keeps waiting for 2, whatever is acknowledged while it runs
  await pinReadPosition(2, async () => {
    append();
    await store.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 5));
    append();
    await store.lane('isolated').query('SELECT 1');
  });
  assert.deepEqual(waited, [2, 2, 2, 2]);
  await store.lane('ingest').query('SELECT 1');
  await store.insertJsonEachRow('audit_log', Buffer.from(''));
  assert.deepEqual(waited, [2, 2, 2, 2]);
});

test('an API request sees the events acknowledged before it, through every statement it runs', async (t) => {
  const tally = await startTestTally(t, { FLUSH_INTERVAL_MS: '60000', BATCH_SIZE: '1000000' });
  await createApp(tally, 'shop');
  // the loader would wait a minute: only the read barrier brings these into the store in time
  const receipt = await tally.ingest.ingest(Array.from({ length: 30 }, (_, i) => event({ user_id: `u_${i}` })), {});
  assert.equal(receipt.accepted, 30);
  const res = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&limit=5&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z', headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().total, 30);
  assert.equal(res.json().events.length, 5);
});
