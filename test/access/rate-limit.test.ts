import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from '../../src/access/index.ts';

test('a token bucket allows its burst, refills at its rate and says when to retry', () => {
  let now = 0;
  const limiter = createRateLimiter({ now: () => now });
  const limit = { ratePerSecond: 2, burst: 4 };
  for (let i = 0; i < 4; i++) assert.deepEqual(limiter.take('k', limit), { ok: true });
  assert.deepEqual(limiter.take('k', limit), { ok: false, retryAfterSeconds: 1 });
  now += 500;
  assert.deepEqual(limiter.take('k', limit), { ok: true });
  assert.equal(limiter.take('k', limit).ok, false);
  assert.equal(limiter.take('other', limit).ok, true, 'buckets are per key');
  assert.deepEqual(limiter.take('k', { ratePerSecond: 0, burst: 1 }), { ok: true }, 'rate 0 = unlimited');
  const slow = { ratePerSecond: 0.1, burst: 1 };
  limiter.take('slow', slow);
  assert.deepEqual(limiter.take('slow', slow), { ok: false, retryAfterSeconds: 10 });
});

test('idle buckets are forgotten so the map stays bounded', () => {
  let now = 0;
  const limiter = createRateLimiter({ now: () => now, maxBuckets: 100 });
  for (let i = 0; i < 100; i++) limiter.take(`k${i}`, { ratePerSecond: 1, burst: 1 });
  now += 120_000;
  limiter.take('fresh', { ratePerSecond: 1, burst: 1 });
  assert.equal(limiter.size(), 1);
});
