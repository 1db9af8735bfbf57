// The analysis pool: experiment statistics on worker threads (TypeScript loaded by Node's type
// stripping), with the same answer as on the calling thread, a bounded queue that refuses with a
// coded 503 and Retry-After, a time limit per analysis, and a close that leaves no thread behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyError } from '../../../src/errors.ts';
import { analyzeExperiment, type AnalysisOptions, type VariantSummary } from '../../../src/query/stats/experiment-analysis.ts';
import { createAnalysisPool } from '../../../src/query/stats/index.ts';

const options: AnalysisOptions = { metric: 'conversion', confidenceLevel: 0.95, minUsers: 100, minConversions: 5, sequential: false, tau: 0.1 };

/** the largest analysis accepted: 20 variants with distinct posteriors */
const twenty: VariantSummary[] = Array.from({ length: 20 }, (_, i) => ({ variant: `v${String(i).padStart(2, '0')}`, users: 2000 + 13 * i, conversions: 100 + 7 * i }));

const refusedWith = (code: string) => (err: unknown) => err instanceof TallyError && err.code === code && err.retryAfterSeconds === 1 && err.status === 503;

test('a worker answers exactly what the calling thread computes, Maps in the options included', async (t) => {
  const pool = createAnalysisPool({ workers: 1 });
  t.after(() => pool.close());
  assert.deepEqual(await pool.analyze(twenty, options), analyzeExperiment(twenty, options));
  const looks = [{ at: '2026-10-01', counts: new Map([['v00', { users: 900, conversions: 50 }], ['v01', { users: 950, conversions: 70 }]]) }];
  const sequential = { ...options, sequential: true, looks };
  assert.deepEqual(await pool.analyze(twenty.slice(0, 2), sequential), analyzeExperiment(twenty.slice(0, 2), sequential));
  assert.deepEqual(pool.stats(), { workers: 1, running: 0, queued: 0 });
});

test('beyond the running and queued analyses, a new one is refused with 503 and Retry-After', async (t) => {
  const pool = createAnalysisPool({ workers: 1, maxQueued: 1 });
  t.after(() => pool.close());
  const running = pool.analyze(twenty, options);
  const queued = pool.analyze(twenty, options);
  await assert.rejects(pool.analyze(twenty, options), refusedWith('TALLY_ERR_ANALYSIS_BUSY'));
  assert.deepEqual(pool.stats(), { workers: 1, running: 1, queued: 1 });
  await Promise.all([running, queued]);
  await pool.analyze(twenty, options);
});

test('an analysis over its time limit fails with a coded 503 and its worker is terminated', async (t) => {
  const pool = createAnalysisPool({ workers: 1, taskTimeoutMs: 1 });
  t.after(() => pool.close());
  await assert.rejects(pool.analyze(twenty, options), refusedWith('TALLY_ERR_ANALYSIS_TIMEOUT'));
  assert.equal(pool.stats().workers, 0);
});

test('close refuses running, queued and later analyses and terminates the workers', async () => {
  const pool = createAnalysisPool({ workers: 1 });
  const running = assert.rejects(pool.analyze(twenty, options), refusedWith('TALLY_ERR_ANALYSIS_CLOSED'));
  const queued = assert.rejects(pool.analyze(twenty, options), refusedWith('TALLY_ERR_ANALYSIS_CLOSED'));
  await pool.close();
  await Promise.all([running, queued]);
  await assert.rejects(pool.analyze(twenty, options), refusedWith('TALLY_ERR_ANALYSIS_CLOSED'));
  assert.deepEqual(pool.stats(), { workers: 0, running: 0, queued: 0 });
});
