// `tally jobs run NAME --from --to`: a backfill from the command line on the embedded store, one
// progress line per run, the runs recorded like any other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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
