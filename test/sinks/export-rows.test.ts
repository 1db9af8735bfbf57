// The export rows of a batch: read whole (batchSelect) or page by page (batchPages, keyset on
// event_id), the same rows in the same order; the cursor text round-trips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchDays, batchPages, batchSelect, CURSOR_START, decodeCursor, encodeCursor, eventColumns, planBatch, rangeParams } from '../../src/sinks/export-rows.ts';
import { appWithEvents, startSinkTally } from './helpers.ts';

test('a batch read in pages of any size holds the rows of the whole read, in the same order', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 100);
  const columns = await eventColumns(tally.store);
  const plan = await planBatch(tally.store, 'shop', CURSOR_START, 1000, 0);
  assert.ok(plan);
  assert.equal(plan.arrivals, 100);
  const whole = await tally.store.query(batchSelect(columns), rangeParams('shop', CURSOR_START, plan.to));
  assert.equal(whole.length, 100);
  for (const size of [1, 7, 50, 100, 101]) {
    const paged: Record<string, unknown>[] = [];
    let pages = 0;
    for await (const page of batchPages(tally.store, columns, 'shop', CURSOR_START, plan.to, size)) {
      assert.ok(page.length <= size);
      paged.push(...page);
      pages++;
    }
    assert.equal(pages, Math.ceil(100 / size), `pages of ${size}`);
    assert.deepEqual(paged, whole, `pages of ${size}`);
  }
  assert.deepEqual(await batchDays(tally.store, 'shop', CURSOR_START, plan.to), ['2026-10-01', '2026-10-02', '2026-10-03']);

  // a batch of the first 30 arrivals, then the rest: together every row once
  const first = await planBatch(tally.store, 'shop', CURSOR_START, 30, 0);
  assert.equal(first?.arrivals, 30);
  const rest = await planBatch(tally.store, 'shop', first?.to ?? CURSOR_START, 1000, 0);
  assert.equal(rest?.arrivals, 70);
  assert.deepEqual(rest?.to, plan.to);
  assert.equal(await planBatch(tally.store, 'shop', plan.to, 1000, 0), undefined);
  // the settle delay keeps what was just stored for a later batch
  assert.equal(await planBatch(tally.store, 'shop', CURSOR_START, 1000, 600_000), undefined);

  assert.deepEqual(decodeCursor(encodeCursor(plan.to)), plan.to);
  for (const bad of ['', 'x|y', '2026-01-01 00:00:00|0193', '2026-01-01 00:00:00.000|not-a-uuid']) assert.throws(() => decodeCursor(bad));
});
