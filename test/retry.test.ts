import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, retryWithBackoff } from '../src/retry.ts';

test('full jitter draws the whole delay at random; equal jitter keeps half of it; added jitter never waits less than the nominal delay', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(backoffDelayMs(1, options, () => 0), 0);
  assert.equal(backoffDelayMs(1, options, () => 0.999), 100);
  assert.equal(backoffDelayMs(3, options, () => 0.5), 200, 'doubled per retry');
  assert.equal(backoffDelayMs(10, options, () => 0.999), 999, 'never above maxDelayMs');
  assert.equal(backoffDelayMs(1, { ...options, jitter: 'equal' }, () => 0), 50);
  assert.equal(backoffDelayMs(2, { ...options, jitter: 'equal' }, () => 0.5), 150);
  assert.equal(backoffDelayMs(1, { ...options, jitter: 'added' }, () => 0), 100);
  assert.equal(backoffDelayMs(2, { ...options, jitter: 'added' }, () => 0.999), 300);
});

test('a retried call succeeds once the failures stop, and says each wait before it', async () => {
  let calls = 0;
  const waits: number[] = [];
  const answer = await retryWithBackoff(
    async () => {
      if (++calls < 3) throw new Error('not yet');
      return 'done';
    },
    { baseDelayMs: 1, maxDelayMs: 4, random: () => 0.999, onRetry: (_err, delayMs) => waits.push(delayMs) },
  );
  assert.equal(answer, 'done');
  assert.equal(calls, 3);
  assert.deepEqual(waits, [1, 2]);
});

test('the last error is thrown once retries are spent or the error is not worth retrying', async () => {
  let calls = 0;
  const failing = async () => {
    calls++;
    throw new Error(`failure ${calls}`);
  };
  await assert.rejects(retryWithBackoff(failing, { retries: 2, baseDelayMs: 0, maxDelayMs: 0 }), /failure 3/);
  calls = 0;
  await assert.rejects(retryWithBackoff(failing, { baseDelayMs: 0, maxDelayMs: 0, shouldRetry: () => false }), /failure 1/);
  assert.equal(calls, 1);
});
