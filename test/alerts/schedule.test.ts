// The alerts_evaluate job armed by the scheduler's own cron on a fake clock (no manual run): the
// rule fires when its hour bucket completes above the threshold and resolves an hour later.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { alertsJob } from '../../src/alerts/index.ts';
import { createJobMetrics, createJobRunStore, createScheduler } from '../../src/jobs/index.ts';
import { fakeClock } from '../jobs/fake-clock.ts';
import { history, HOUR, busyHourRule } from './helpers.ts';

const H0 = Date.parse('2026-10-01T10:00:00.000Z');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('on its cron schedule (fake clock) the job fires the rule once at 12:00 and resolves it once at 13:00', async (t) => {
  const { tally, hook, readKey, alertId } = await busyHourRule(t, H0, '30m');
  const clock = fakeClock(H0 + 2 * HOUR - 20 * 60_000); // 11:40
  const scheduler = createScheduler({
    runs: createJobRunStore(tally.store),
    jobs: [alertsJob(tally.alerts, { ...tally.config.alerts, schedule: '*/30 * * * *' }, clock.now)],
    logger: pino({ level: 'silent' }),
    metrics: createJobMetrics(new Registry()),
    clock,
    catchUp: 'none',
  });
  await scheduler.start();
  t.after(() => scheduler.close());

  /** moves the clock to the next cron time, fires it and waits until its run has finished */
  const nextTime = async () => {
    for (let i = 0; i < 200 && !(await clock.next()); i++) await pause(20);
    const at = clock.now();
    for (let i = 0; i < 400; i++) {
      await scheduler.idle();
      const [last] = await scheduler.runs.list({ job: 'alerts_evaluate', limit: 1 });
      if (last && last.scheduledMs === at && (last.status === 'succeeded' || last.status === 'skipped')) return at;
      await pause(25);
    }
    throw new Error(`no finished run for ${new Date(at).toISOString()}`);
  };

  assert.equal(await nextTime(), H0 + 2 * HOUR); // 12:00: the 11:00 bucket (8) is complete
  assert.deepEqual(hook.received.map((r) => r.json.state), ['firing']);
  assert.equal(await nextTime(), H0 + 2 * HOUR + 30 * 60_000); // 12:30: still the 11:00 bucket
  assert.equal(hook.received.length, 1);
  assert.equal(await nextTime(), H0 + 3 * HOUR); // 13:00: the 12:00 bucket (2)
  assert.deepEqual(hook.received.map((r) => r.json.state), ['firing', 'resolved']);

  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(events.map((e) => [e.at, e.state]), [[new Date(H0 + 2 * HOUR).toISOString(), 'firing'], [new Date(H0 + 3 * HOUR).toISOString(), 'ok']]);
  const runs = await scheduler.runs.list({ job: 'alerts_evaluate', limit: 10 });
  assert.deepEqual(runs.map((r) => r.trigger), ['schedule', 'schedule', 'schedule']);
});
