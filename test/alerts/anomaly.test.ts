// The seasonal band on its own: a median/MAD baseline per hour of the week, robust to an outlier in
// its history, silent on a clean generated series, firing on injected anomalies.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge, median, seasonalBand } from '../../src/alerts/index.ts';
import { generate, HOURS_PER_WEEK } from '../../bench/alerts/series.ts';

const HOUR_MS = 3_600_000;
const options = { weeks: 4, k: 4, minBand: 0, countLike: true };

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('the baseline is the median of the same hour in the previous weeks; one bad week does not move it', () => {
  const weeks = 4;
  const values: number[] = [];
  for (let w = 0; w <= weeks; w++) for (let h = 0; h < HOURS_PER_WEEK; h++) values.push(h % 24 >= 9 && h % 24 < 17 ? 100 : 10);
  // week 2 had a holiday at the judged hour's position: a median ignores it
  const judged = values.length - 1; // a Sunday 23:00 of the last week
  values[judged - 2 * HOURS_PER_WEEK] = 0;
  values[judged] = 10;
  const band = seasonalBand(values, HOUR_MS, options);
  assert.ok(band);
  assert.equal(band.season, 'weekly');
  assert.ok(Math.abs(band.baseline - 10) < 1e-9, String(band.baseline));
  assert.ok(band.low < 10 && band.high > 10);
});

test('no band without two weeks (or three days) of history; a daily band with a few days', () => {
  assert.equal(seasonalBand([1, 2, 3], HOUR_MS, options), undefined);
  assert.equal(seasonalBand(Array.from({ length: 60 }, () => 5), HOUR_MS, options), undefined);
  assert.equal(seasonalBand(Array.from({ length: 24 * 4 }, () => 5), HOUR_MS, options)?.season, 'daily');
});

test('a clean seasonal series over 14 days raises at most one false alarm; a ×4 spike and a ×0.2 drop are caught', () => {
  const history = 4 * HOURS_PER_WEEK;
  const spikeAt = history + 3 * 24 + 14;
  const dropAt = history + 8 * 24 + 11;
  const clean = generate(history + 14 * 24, 200, 11).values;
  const dirty = generate(history + 14 * 24, 200, 11, [
    { kind: 'spike', start: spikeAt, hours: 1 },
    { kind: 'drop', start: dropAt, hours: 2 },
  ]).values;
  const fired = (values: number[], i: number) => judge({ kind: 'anomaly' }, values.slice(i - history, i + 1), HOUR_MS, 'count').breached;
  let falseAlarms = 0;
  for (let i = history; i < clean.length; i++) if (fired(clean, i)) falseAlarms++;
  assert.ok(falseAlarms <= 1, `${falseAlarms} false alarms`);
  assert.ok(fired(dirty, spikeAt));
  assert.ok(fired(dirty, dropAt));
  assert.ok(!fired(dirty, spikeAt + 1), 'back inside the band after the spike');
});

test('daily buckets: the baseline is the same weekday of the previous weeks; a weekday at the weekend level is outside it', () => {
  const DAY_MS = 86_400_000;
  // five weeks of days: weekdays about 1000, weekends about 500, then a weekday at 520 (a holiday)
  const values = Array.from({ length: 35 }, (_, d) => (d % 7 >= 5 ? 500 : 1000) + ((d * 37) % 41) - 20);
  const band = seasonalBand([...values, 1003], DAY_MS, options);
  assert.ok(band);
  assert.equal(band.season, 'weekly');
  assert.ok(band.low < 1003 && 1003 < band.high, JSON.stringify(band));
  assert.equal(judge({ kind: 'anomaly' }, [...values, 520], DAY_MS, 'count').breached, true);
  assert.equal(judge({ kind: 'anomaly', op: 'above' }, [...values, 520], DAY_MS, 'count').breached, false, 'a drop does not fire an above-only rule');
});
