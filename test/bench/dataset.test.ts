import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isUuid } from '../../src/event/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { datasetStartMs, generateDataset, sequentialEventId, type DatasetOptions } from '../../bench/lib/dataset.ts';

const OPTIONS: DatasetOptions = { appId: 'bench', events: 20_000, users: 400, days: 60, endMs: Date.parse('2026-11-02T00:00:00.000Z'), seed: 7 };

function digest(o: DatasetOptions): string {
  const h = createHash('sha256');
  for (const e of generateDataset(o)) h.update(JSON.stringify(e));
  return h.digest('hex');
}

test('the same options give the same events, another seed other events', () => {
  assert.equal(digest(OPTIONS), digest(OPTIONS));
  assert.notEqual(digest(OPTIONS), digest({ ...OPTIONS, seed: 8 }));
});

test('exactly N valid events inside the range, with unique ids, the funnel, variants and returning users', () => {
  const validate = createIngestPipeline();
  const ids = new Set<string>();
  const names = new Map<string, number>();
  const daysByUser = new Map<string, Set<number>>();
  const startMs = datasetStartMs(OPTIONS);
  let n = 0;
  for (const e of generateDataset(OPTIONS)) {
    n++;
    const r = validate(e, { receivedAtMs: OPTIONS.endMs });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.event.eventId, e.event_id);
    ids.add(e.event_id);
    const ms = Date.parse(e.timestamp);
    assert.ok(ms >= startMs && ms < OPTIONS.endMs, e.timestamp);
    assert.ok(e.properties.variant === 'A' || e.properties.variant === 'B');
    if (e.event_name === 'page_view') assert.equal(typeof e.properties.page, 'string');
    if (e.event_name === 'purchase') assert.ok(Number(e.properties.revenue) > 0);
    names.set(e.event_name, (names.get(e.event_name) ?? 0) + 1);
    const days = daysByUser.get(e.user_id) ?? new Set<number>();
    days.add(Math.floor(ms / 86_400_000));
    daysByUser.set(e.user_id, days);
  }
  assert.equal(n, OPTIONS.events);
  assert.equal(ids.size, n);
  for (const name of ['page_view', 'add_to_cart', 'checkout', 'purchase']) assert.ok((names.get(name) ?? 0) > 0, name);
  assert.ok((names.get('page_view') ?? 0) > (names.get('add_to_cart') ?? 0));
  assert.ok((names.get('checkout') ?? 0) > (names.get('purchase') ?? 0));
  const returning = [...daysByUser.values()].filter((d) => d.size > 1).length;
  assert.ok(returning > daysByUser.size / 3, `${returning} of ${daysByUser.size} users came back on another day`);
});

test('sequential event ids are UUIDs in the v7 layout, ordered by time', () => {
  const a = sequentialEventId(Date.parse('2026-10-01T00:00:00Z'), 0);
  const b = sequentialEventId(Date.parse('2026-10-01T00:00:00.001Z'), 12_345_678);
  assert.ok(isUuid(a) && isUuid(b));
  assert.equal(a[14], '7');
  assert.equal(b[19], '8');
  assert.ok(a < b);
});
