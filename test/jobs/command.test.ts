// `tally jobs run NAME --from --to`: a backfill from the command line on the embedded store, one
// progress line per run, the runs recorded like any other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally } from '../../src/service.ts';
import { ADMIN_TOKEN, createApp, KEEP_FOREVER, tempDir } from '../helpers/tally.ts';
import { seed000 } from '../learning/seed-000.ts';

const run = promisify(execFile);
const DAY = 86_400_000;

test('tally jobs run action_weights --from --to backfills one run per night and prints each', async (t) => {
  const dataDir = tempDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent', ...KEEP_FOREVER };
  const tally = await startTally(loadConfig({ ...env, FLUSH_INTERVAL_MS: '5' }), { listen: false, logger: pino({ level: 'silent' }) });
  await createApp(tally, 'tutor');
  await tally.ingest.ingest(seed000('tutor', Date.UTC(2026, 9, 1)), {});
  await tally.close();

  const { stderr } = await run(process.execPath, ['src/cli.ts', 'jobs', 'run', 'action_weights', '--app', 'tutor', '--from', '2026-10-02', '--to', '2026-10-05', '--param', 'lookback_days=3'], {
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  const lines = stderr.trim().split('\n');
  assert.deepEqual(
    lines.map((l) => l.replace(/, \d+ rows.*$/, '')),
    [2, 3, 4].map((d, i) => `[${i + 1}/3] action_weights 2026-10-0${d}T03:00:00.000Z app tutor: succeeded`),
    stderr,
  );

  const again = await startTally(loadConfig(env), { listen: false, logger: pino({ level: 'silent' }) });
  t.after(() => again.close());
  const runs = await again.jobs.scheduler.runs.list({ job: 'action_weights', appId: 'tutor', limit: 10 });
  assert.deepEqual(runs.map((r) => [r.trigger, r.status, r.parameters.lookback_days]), [0, 1, 2].map(() => ['backfill', 'succeeded', 3]));
  assert.ok(runs.every((r) => r.scheduledMs >= Date.UTC(2026, 9, 2) && r.scheduledMs < Date.UTC(2026, 9, 2) + 3 * DAY));
});

test('tally jobs: the long-running scheduler runs each scheduled time once, never overlapping, and stops cleanly on SIGTERM', async (t) => {
  const dataDir = tempDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent', ...KEEP_FOREVER };
  const tally = await startTally(loadConfig({ ...env, FLUSH_INTERVAL_MS: '5' }), { listen: false, logger: pino({ level: 'silent' }) });
  await createApp(tally, 'tutor');
  await tally.ingest.ingest(seed000('tutor', Date.now() - DAY), {});
  await tally.close();

  // every second, so a few seconds show several scheduled runs; nothing missed before it started is caught up
  const child = spawn(process.execPath, ['src/cli.ts', 'jobs'], {
    env: { ...process.env, ...env, TALLY_METRICS_PORT: '0', TALLY_ACTION_WEIGHTS_SCHEDULE: '* * * * * *', TALLY_JOBS_CATCH_UP: 'none' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!stderr.includes('Tally jobs:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(stderr, /Tally jobs: .*action_weights \(\* \* \* \* \* \*\)/);
  // every built-in job is scheduled here as in tally serve
  for (const job of ['metrics_cleanup', 'sink_sync', 'learning_daily_stats', 'learning_mastery', 'learning_gaps']) assert.match(stderr, new RegExp(`\\b${job} \\(`), stderr);
  await new Promise((r) => setTimeout(r, 4500));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);

  const again = await startTally(loadConfig(env), { listen: false, logger: pino({ level: 'silent' }) });
  t.after(() => again.close());
  const runs = (await again.jobs.scheduler.runs.list({ job: 'action_weights', appId: 'tutor', limit: 100 })).sort((a, b) => a.scheduledMs - b.scheduledMs);
  assert.ok(runs.length >= 2, `${runs.length} runs in 4.5 s`);
  assert.ok(runs.every((r) => r.trigger === 'schedule'));
  // each scheduled second once, on a whole second
  assert.equal(new Set(runs.map((r) => r.scheduledMs)).size, runs.length);
  assert.ok(runs.every((r) => r.scheduledMs % 1000 === 0));
  // the run in progress at SIGTERM finished: none is left queued or running
  assert.deepEqual([...new Set(runs.map((r) => r.status))].filter((s) => s !== 'succeeded' && s !== 'skipped'), []);
  assert.ok(runs.some((r) => r.status === 'succeeded'));
  // never two at once
  const spans = runs.filter((r) => r.startedMs !== null && r.finishedMs !== null).map((r) => [r.startedMs as number, r.finishedMs as number]);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i][0] >= spans[i - 1][1], `run ${i} started before run ${i - 1} finished`);
});
