import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVersionClock, isClientSideStoreError, isDataRefusalCode, isTransientCode, isoFromEngineTime, limitReasonOf, forbiddenReasonOf, StoreError, toEngineTime } from '../../src/store/index.ts';

test('engine time is DateTime64(3) text in UTC and reads back as the same ISO moment', () => {
  const ms = Date.UTC(2026, 1, 2, 12, 0, 0, 7);
  assert.equal(toEngineTime(ms), '2026-02-02 12:00:00.007');
  assert.equal(isoFromEngineTime(toEngineTime(ms)), '2026-02-02T12:00:00.007Z');
  assert.equal(isoFromEngineTime('2026-02-02T12:00:00.007Z'), '2026-02-02T12:00:00.007Z', 'ISO answers are kept');
});

test('a version clock grows on every call, even within one millisecond and when the clock steps back', () => {
  let now = 1_000;
  const next = createVersionClock(() => now);
  const a = next();
  const b = next();
  now = 999;
  const c = next();
  now = 2_000;
  const d = next();
  assert.equal(a, 1_000_000);
  assert.ok(b > a && c > b && d > c);
  assert.equal(d, 2_000_000);
});

test('engine error codes are classified in one place', () => {
  const err = (code: number) => new StoreError('x', code);
  assert.equal(isClientSideStoreError(err(62)), true, 'SYNTAX_ERROR is the query, not the engine');
  assert.equal(isClientSideStoreError(err(210)), false);
  assert.equal(isClientSideStoreError(new Error('Code: 62')), false, 'only store errors carry a code');
  assert.equal(isDataRefusalCode(27), true);
  assert.equal(isDataRefusalCode(210), false);
  assert.equal(isDataRefusalCode(undefined), false);
  assert.equal(isTransientCode(210), true);
  assert.equal(isTransientCode(62), false);
  assert.equal(limitReasonOf(241), 'memory');
  assert.equal(limitReasonOf(62), undefined);
  assert.equal(forbiddenReasonOf(164), 'readonly');
});
