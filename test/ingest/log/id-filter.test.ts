import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { createIdFilter, javaHash32, keyHash1, keyHash2, STORE_KEY_HASHES_SQL } from '../../../src/ingest/log/id-filter.ts';
import { eventKey } from '../../../src/ingest/stored-ids.ts';
import { startTestTally } from '../../helpers/tally.ts';

test('the filter never forgets a key, and stays near its 0.1% false-positive rate as it grows', () => {
  const filter = createIdFilter(10_000);
  const added = Array.from({ length: 50_000 }, () => eventKey('shop', randomUUID()));
  for (const k of added) filter.add(k);
  for (const k of added) assert.equal(filter.mayHave(k), true);
  let falsePositives = 0;
  for (let i = 0; i < 100_000; i++) {
    const k = eventKey('shop', randomUUID());
    const maybe = filter.mayHave(k);
    // asked by its hashes (a caller that asks and then adds computes them once), the answer is the same
    assert.equal(filter.mayHaveHashes(keyHash1(k), keyHash2(k)), maybe);
    if (maybe) falsePositives++;
  }
  // four layers (10k, 20k, 40k, 80k capacity), each about 0.1%
  assert.ok(falsePositives < 600, `${falsePositives} false positives in 100,000`);
  const { keys, bytes } = filter.size();
  assert.equal(keys, 50_000);
  assert.ok(bytes < 300_000, `${bytes} bytes`);
});

test('the same app and id in another app is another key', () => {
  const filter = createIdFilter(1000);
  const id = randomUUID();
  filter.add(eventKey('shop', id));
  assert.equal(filter.mayHave(eventKey('shop', id)), true);
  assert.equal(filter.mayHave(eventKey('blog', id)), false);
});

test("the engine computes the same two hashes for a stored row as the filter does for its key", async (t) => {
  const tally = await startTestTally(t);
  const ids = Array.from({ length: 200 }, () => randomUUID());
  const rows = await tally.store.query<{ app_id: string; event_id: string; h1: number; h2: number }>(
    `SELECT app_id, toString(event_id) AS event_id, ${STORE_KEY_HASHES_SQL} FROM (SELECT arrayJoin(['shop', 'a-b_c9']) AS app_id, toUUID(arrayJoin({ids:Array(String)})) AS event_id)`,
    { ids },
  );
  assert.equal(rows.length, 400);
  for (const r of rows) {
    const key = eventKey(r.app_id, r.event_id);
    assert.equal(r.h1, crc32(key));
    assert.equal(r.h2, javaHash32(key));
  }
  const filter = createIdFilter(1000);
  for (const r of rows) filter.addHashes(r.h1, r.h2);
  for (const r of rows) assert.equal(filter.mayHave(eventKey(r.app_id, r.event_id)), true);
});
