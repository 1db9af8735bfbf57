import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVersionClock } from '../../src/store/index.ts';

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
