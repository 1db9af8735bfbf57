// The scheduler against the real engine (run records in job_runs) with a fake clock: cron times,
// retries with backoff, no overlap, catch-up of missed times, the lease.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createJobMetrics, createJobRunStore, createScheduler, createStoreLease, type JobDefinition, type JobRun, type Scheduler } from '../../src/jobs/index.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { startTestTally } from '../helpers/tally.ts';
import { fakeClock, type FakeClock } from './fake-clock.ts';

const logger = pino({ level: 'silent' });
const T0 = Date.UTC(2026, 10, 1, 2, 59, 0); // 2026-11-01 02:59 UTC
let jobSeq = 0;

function schedulerWith(store: StoreConnection, clock: FakeClock, jobs: JobDefinition[], extra: Partial<Parameters<typeof createScheduler>[0]> = {}) {
  const registry = new Registry();
  const scheduler = createScheduler({ runs: createJobRunStore(store), jobs, logger, metrics: createJobMetrics(registry), clock, retryBaseDelayMs: 1000, random: () => 0, ...extra });
  return { scheduler, registry };
}

async function untilFinished(clock: FakeClock, scheduler: Scheduler, runId: string): Promise<JobRun> {
  for (let i = 0; i < 50; i++) {
    const run = await scheduler.runs.get(runId);
    if (run && ['succeeded', 'failed', 'skipped'].includes(run.status)) return run;
    if (!(await clock.next())) await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('run did not finish');
}

test('the scheduler', async (t) => {
  const tally = await startTestTally(t);
  const store = tally.store;

  await t.test('a cron time fires on the fake clock and its run is recorded as succeeded', async () => {
    const name = `tick_${jobSeq++}`;
    const clock = fakeClock(T0);
    const { scheduler } = schedulerWith(store, clock, [{ name, description: 'test', schedule: '0 3 * * *', run: async () => ({ status: 'succeeded', rows: 7 }) }]);
    await scheduler.start();
    assert.equal(scheduler.jobs()[0].nextRunMs, Date.UTC(2026, 10, 1, 3));
    await clock.advance(60_000);
    await scheduler.idle();
    const [run] = await scheduler.runs.list({ job: name, limit: 10 });
    assert.equal(run.status, 'succeeded');
    assert.equal(run.trigger, 'schedule');
    assert.equal(run.scheduledMs, Date.UTC(2026, 10, 1, 3));
    assert.equal(run.rowsDone, 7);
    assert.equal(run.attempt, 1);
    await scheduler.close();
  });

  await t.test('a failing run is retried with exponential backoff and succeeds on its third attempt', async () => {
    const name = `retry_${jobSeq++}`;
    const clock = fakeClock(T0);
    const startedAt: number[] = [];
    const { scheduler, registry } = schedulerWith(store, clock, [
      {
        name,
        description: 'fails twice',
        run: async (ctx) => {
          startedAt.push(clock.now());
          if (ctx.attempt < 3) throw new Error(`boom ${ctx.attempt}`);
          return { status: 'succeeded', rows: 1 };
        },
      },
    ]);
    const queued = await scheduler.enqueue(name, { appId: 'a', parameters: {} });
    const run = await untilFinished(clock, scheduler, queued.runId);
    assert.equal(run.status, 'succeeded');
    assert.equal(run.attempt, 3);
    assert.equal(run.error, '');
    // jitter 0 (random = 0): half the nominal delay, 1000 ms then 2000 ms
    assert.deepEqual([startedAt[1] - startedAt[0], startedAt[2] - startedAt[1]], [500, 1000]);
    const failures = await registry.getSingleMetric('tally_job_failures_total')?.get();
    assert.equal(failures?.values.find((v) => v.labels.job === name)?.value, 2);
    await scheduler.close();
  });

  await t.test('a run that fails every attempt ends failed with its last error', async () => {
    const name = `fail_${jobSeq++}`;
    const clock = fakeClock(T0);
    const { scheduler, registry } = schedulerWith(store, clock, [{ name, description: 'always fails', run: async (ctx) => Promise.reject(new Error(`attempt ${ctx.attempt} failed`)) }]);
    const queued = await scheduler.enqueue(name, { appId: 'a', parameters: {} });
    const run = await untilFinished(clock, scheduler, queued.runId);
    assert.equal(run.status, 'failed');
    assert.equal(run.attempt, 3);
    assert.equal(run.error, 'attempt 3 failed');
    const failed = await registry.getSingleMetric('tally_job_runs_failed_total')?.get();
    assert.equal(failed?.values[0].value, 1);
    await scheduler.close();
  });

  await t.test('runs of one job never overlap', async () => {
    const name = `serial_${jobSeq++}`;
    const clock = fakeClock(T0);
    let running = 0;
    let maxRunning = 0;
    const { scheduler } = schedulerWith(store, clock, [
      {
        name,
        description: 'slow',
        run: async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          return { status: 'succeeded', rows: 0 };
        },
      },
    ]);
    const runs = await Promise.all([1, 2, 3, 4].map(() => scheduler.enqueue(name, { appId: 'a', parameters: {} })));
    await scheduler.idle();
    assert.equal(maxRunning, 1);
    for (const r of runs) assert.equal((await scheduler.runs.get(r.runId))?.status, 'succeeded');
    await scheduler.close();
  });

  await t.test('times missed while stopped are caught up on start (all, latest, none)', async () => {
    for (const [policy, expected] of [['all', 3], ['latest', 1], ['none', 0]] as const) {
      const name = `catchup_${policy}_${jobSeq++}`;
      const def: JobDefinition = { name, description: 'nightly', schedule: '0 3 * * *', run: async () => ({ status: 'succeeded', rows: 0 }) };
      const first = fakeClock(T0);
      const a = schedulerWith(store, first, [def], { catchUp: policy });
      await a.scheduler.start();
      await first.advance(60_000);
      await a.scheduler.idle();
      await a.scheduler.close();
      // down for three nights: Nov 2, 3 and 4 at 03:00 are missed
      const later = fakeClock(Date.UTC(2026, 10, 4, 9));
      const b = schedulerWith(store, later, [def], { catchUp: policy });
      await b.scheduler.start();
      await b.scheduler.idle();
      const caught = (await b.scheduler.runs.list({ job: name, limit: 10 })).filter((r) => r.trigger === 'catch_up');
      assert.equal(caught.length, expected, policy);
      if (policy === 'latest') assert.equal(caught[0].scheduledMs, Date.UTC(2026, 10, 4, 3));
      if (policy === 'all') assert.deepEqual(caught.map((r) => new Date(r.scheduledMs).getUTCDate()).sort(), [2, 3, 4]);
      await b.scheduler.close();
    }
  });

  await t.test('a backfill queues one run per scheduled time in [from, to)', async () => {
    const name = `backfill_${jobSeq++}`;
    const clock = fakeClock(T0);
    const seen: number[] = [];
    const { scheduler } = schedulerWith(store, clock, [
      {
        name,
        description: 'nightly',
        schedule: '0 3 * * *',
        run: async (ctx) => {
          seen.push(ctx.scheduledMs);
          return { status: 'succeeded', rows: 0 };
        },
      },
    ]);
    const runs = await scheduler.backfill(name, { appId: 'a', parameters: {} }, Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 4));
    await scheduler.idle();
    assert.deepEqual(runs.map((r) => r.trigger), ['backfill', 'backfill', 'backfill']);
    assert.deepEqual(seen, [1, 2, 3].map((d) => Date.UTC(2026, 9, d, 3)));
    await scheduler.close();
  });

  await t.test('a lease is held by one holder at a time and passes on when released', async () => {
    const job = `lease_${jobSeq++}`;
    const clock = fakeClock(T0);
    const a = createStoreLease({ store, clock, holder: 'a', ttlMs: 60_000, settleMs: 0 });
    const b = createStoreLease({ store, clock, holder: 'b', ttlMs: 60_000, settleMs: 0 });
    assert.equal(await a.tryAcquire(job), true);
    assert.equal(await b.tryAcquire(job), false);
    assert.equal(await a.holderOf(job), 'a');
    await a.release(job);
    assert.equal(await b.tryAcquire(job), true);
    assert.equal(await a.tryAcquire(job), false);
    await b.close();
    await a.close();
  });

  await t.test('a lease not renewed expires, and the other holder takes it', async () => {
    const job = `expire_${jobSeq++}`;
    const clockA = fakeClock(T0);
    const a = createStoreLease({ store, clock: clockA, holder: 'a', ttlMs: 10_000, settleMs: 0 });
    assert.equal(await a.tryAcquire(job), true);
    // a's process stops: its renewals never run (its clock never moves); b looks 11 s later
    const clockB = fakeClock(T0 + 11_000);
    const b = createStoreLease({ store, clock: clockB, holder: 'b', ttlMs: 10_000, settleMs: 0 });
    assert.equal(await b.tryAcquire(job), true);
    await b.close();
  });
});
