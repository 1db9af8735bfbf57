import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFromEngineTime, toEngineTime } from '../../src/store/index.ts';

test('engine time is DateTime64(3) text in UTC and reads back as the same ISO moment', () => {
  const ms = Date.UTC(2026, 1, 2, 12, 0, 0, 7);
  assert.equal(toEngineTime(ms), '2026-02-02 12:00:00.007');
  assert.equal(isoFromEngineTime(toEngineTime(ms)), '2026-02-02T12:00:00.007Z');
  assert.equal(isoFromEngineTime('2026-02-02T12:00:00.007Z'), '2026-02-02T12:00:00.007Z', 'ISO answers are kept');
});
