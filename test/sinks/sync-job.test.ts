// The `sink_sync` job: listed with its every-minute schedule, one scheduled run per app that has
// sinks, and a run started through the jobs API exports like a manual sync.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { sinkSyncJob } from '../../src/sinks/index.ts';
import { tempDir } from '../helpers/tally.ts';
import { admin, appWithEvents, createSink, exportedRowsSql, startSinkTally, status, storeRows } from './helpers.ts';

test('sink_sync runs every minute for each app with sinks; a run through the jobs API exports what is new', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 150);
  await appWithEvents(tally, 'quiet', 10);
  const dir = tempDir('tally-job-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const jobs = await tally.app.inject({ method: 'GET', url: '/v1/jobs', headers: admin });
  const job = (jobs.json().jobs as Array<{ name: string; schedule: string | null }>).find((j) => j.name === 'sink_sync');
  assert.deepEqual(job?.schedule, '* * * * *');

  const definition = sinkSyncJob(tally.sinks, tally.config.sinks);
  assert.deepEqual(await definition.scheduledRuns?.(), []);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir, batch_rows: 100 });
  assert.deepEqual(await definition.scheduledRuns?.(), [{ appId: 'shop', parameters: { trigger: 'schedule' } }]);

  const started = await tally.app.inject({ method: 'POST', url: '/v1/jobs/sink_sync/runs', headers: admin, payload: { app_id: 'shop' } });
  assert.equal(started.statusCode, 202, started.body);
  const [queued] = started.json().runs as Array<{ run_id: string }>;
  await tally.jobs.scheduler.finished(queued.run_id);
  const run = await tally.jobs.scheduler.runs.get(queued.run_id);
  assert.equal(run?.status, 'succeeded', run?.error);
  assert.equal(run?.rowsDone, 150);
  assert.deepEqual(run?.summary, { sinks: [{ sink_id: sinkId, batches: 2, rows: 150, failed: [], skipped: null }] });
  assert.deepEqual(await tally.store.query(exportedRowsSql(`file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`)), await storeRows(tally, 'shop'));
  assert.equal((await status(tally, sinkId)).lag_seconds, 0);

  // nothing new: the next run is skipped
  const again = await tally.app.inject({ method: 'POST', url: '/v1/jobs/sink_sync/runs', headers: admin, payload: { app_id: 'shop' } });
  const [second] = again.json().runs as Array<{ run_id: string }>;
  await tally.jobs.scheduler.finished(second.run_id);
  assert.equal((await tally.jobs.scheduler.runs.get(second.run_id))?.status, 'skipped');
});
