// The action-weights job end to end over HTTP, with the write-back into a real PostgreSQL (the
// repository's dev server, `npm run pg:start`; a fresh database per run): POST a run, see it
// succeed in GET /v1/jobs/action_weights/runs, read the weights from GET /v1/learning/action-weights
// and from `public.action_weights`, both equal to the reference; a re-run replaces, never
// duplicates; a window without data leaves the table as it was; an unreachable PostgreSQL fails
// the run after its retries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { createDatabase } from '../sources/pg.ts';
import { referenceActionWeights } from './reference/action-weights.ts';
import { seed000 } from './seed-000.ts';

const DAY = 86_400_000;

interface WireRun {
  run_id: string;
  status: string;
  attempt: number;
  error: string;
  summary: Record<string, unknown>;
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

test('action weights are written back to PostgreSQL', async (t) => {
  const db = await createDatabase(t);
  const tally = await startTestTally(t, { TALLY_ACTION_WEIGHTS_DSN: db.url, TALLY_JOBS_RETRY_BASE_MS: '10' });
  const { readKey } = await createApp(tally, 'tutor');
  await createApp(tally, 'other');
  // seed 000's history over the last days, so a run now (30-day window) covers it
  const start = Math.floor((Date.now() - 5 * DAY) / 1000) * 1000;
  const events = seed000('tutor', start);
  await tally.ingest.ingest(events, {});
  const admin = bearer(ADMIN_TOKEN);

  const runAndWait = async (body: Record<string, unknown>, headers = bearer(readKey)): Promise<WireRun> => {
    const started = await tally.app.inject({ method: 'POST', url: '/v1/jobs/action_weights/runs', headers, payload: body });
    assert.equal(started.statusCode, 202, started.body);
    const [queued] = started.json().runs as WireRun[];
    assert.equal(queued.status, 'queued');
    await tally.jobs.scheduler.finished(queued.run_id);
    const listed = await tally.app.inject({ method: 'GET', url: `/v1/jobs/action_weights/runs?app_id=${body.app_id}`, headers });
    const run = (listed.json().runs as WireRun[]).find((r) => r.run_id === queued.run_id);
    assert.ok(run, listed.body);
    return run;
  };

  await t.test('POST a run with the read key: it succeeds, and the API and the table hold the reference weights', async () => {
    const run = await runAndWait({ app_id: 'tutor' });
    assert.equal(run.status, 'succeeded', run.error);
    assert.equal(run.summary.written_back, true);
    const scheduledMs = (await tally.jobs.scheduler.runs.get(run.run_id))?.scheduledMs ?? 0;
    const want = referenceActionWeights(events, scheduledMs - 30 * DAY, scheduledMs);
    assert.ok(want.length >= 3);

    const api = await tally.app.inject({ method: 'GET', url: '/v1/learning/action-weights?app_id=tutor', headers: bearer(readKey) });
    assert.equal(api.statusCode, 200, api.body);
    const body = api.json() as { weights: Array<{ action_type: string; weight: number; avg_reward: number; n: number }>; computed_at: string };
    assert.ok(Date.parse(body.computed_at) > 0);
    assert.deepEqual(body.weights.map((w) => [w.action_type, w.n]), want.map((w) => [w.actionType, w.n]));
    for (const [i, w] of body.weights.entries()) near(w.weight, want[i].weight, w.action_type);

    const rows = await db.query<{ action_type: string; weight: number; avg_reward: number; n: string; updated_at: Date }>('SELECT * FROM public.action_weights ORDER BY action_type');
    assert.deepEqual(rows.map((r) => [r.action_type, Number(r.n)]), want.map((w) => [w.actionType, w.n]));
    rows.forEach((r, i) => {
      near(r.weight, want[i].weight, `pg weight ${r.action_type}`);
      near(r.avg_reward, want[i].avgReward, `pg avg ${r.action_type}`);
    });
    near(rows.reduce((s, r) => s + r.weight, 0), 1, 'the table\'s weights sum to 1');

    // run again: the rows are updated in place (ON CONFLICT), never added
    const again = await runAndWait({ app_id: 'tutor' });
    assert.equal(again.status, 'succeeded');
    const after = await db.query<{ action_type: string; updated_at: Date }>('SELECT action_type, updated_at FROM public.action_weights ORDER BY action_type');
    assert.deepEqual(after.map((r) => r.action_type), rows.map((r) => r.action_type));
    assert.ok(after.every((r, i) => r.updated_at.getTime() >= rows[i].updated_at.getTime()));
  });

  await t.test('a backfilled day is kept once however often it is re-run, and does not overwrite newer weights in the table', async () => {
    const to = new Date(Math.floor(Date.now() / DAY) * DAY + 3 * 3_600_000 - DAY).toISOString();
    const from = new Date(Date.parse(to) - 1).toISOString();
    const first = await runAndWait({ app_id: 'tutor', from, to: new Date(Date.parse(to) + 1).toISOString() });
    const again = await runAndWait({ app_id: 'tutor', from, to: new Date(Date.parse(to) + 1).toISOString() });
    assert.deepEqual([first.status, again.status], ['succeeded', 'succeeded']);
    // a day older than the current weights: kept in the history, not written over the newer table
    assert.deepEqual([again.summary.current, again.summary.written_back], [false, false]);
    const [{ n, types }] = await db.query<{ n: string; types: string }>('SELECT count(*) AS n, count(DISTINCT action_type) AS types FROM public.action_weights');
    assert.equal(n, types, 'one row per action type');
    const kept = await tally.store.query<{ n: number }>('SELECT count() AS n FROM action_weights FINAL WHERE app_id = {a:String} AND computed_for = {t:DateTime64(3)}', { a: 'tutor', t: to.replace('T', ' ').replace('Z', '') });
    assert.equal(kept[0].n, 1);
  });

  await t.test('an app without data: the run is skipped and the table keeps the previous weights', async () => {
    const before = await db.query('SELECT action_type, weight FROM public.action_weights ORDER BY action_type');
    const run = await runAndWait({ app_id: 'other' }, admin);
    assert.equal(run.status, 'skipped');
    assert.deepEqual(await db.query('SELECT action_type, weight FROM public.action_weights ORDER BY action_type'), before);
  });

  await t.test("another app's read key may neither start nor list the app's runs", async () => {
    const other = await createApp(tally, 'third');
    const post = await tally.app.inject({ method: 'POST', url: '/v1/jobs/action_weights/runs', headers: bearer(other.readKey), payload: { app_id: 'tutor' } });
    const list = await tally.app.inject({ method: 'GET', url: '/v1/jobs/action_weights/runs?app_id=tutor', headers: bearer(other.readKey) });
    const weights = await tally.app.inject({ method: 'GET', url: '/v1/learning/action-weights?app_id=tutor', headers: bearer(other.readKey) });
    assert.deepEqual([post.statusCode, list.statusCode, weights.statusCode], [403, 403, 403]);
    const unknown = await tally.app.inject({ method: 'POST', url: '/v1/jobs/no_such_job/runs', headers: admin, payload: { app_id: 'tutor' } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'TALLY_ERR_JOB_UNKNOWN');
  });
});

test('an unreachable PostgreSQL fails the run after its retries, and says why', async (t) => {
  const tally = await startTestTally(t, { TALLY_ACTION_WEIGHTS_DSN: 'postgres://postgres@127.0.0.1:1/none', TALLY_JOBS_RETRY_BASE_MS: '10' });
  await createApp(tally, 'tutor');
  await tally.ingest.ingest(seed000('tutor', Math.floor((Date.now() - 2 * DAY) / 1000) * 1000, { users: 1 }), {});
  const run = await tally.jobs.scheduler.enqueue('action_weights', { appId: 'tutor', parameters: {} });
  const done = await tally.jobs.scheduler.finished(run.runId);
  assert.equal(done.status, 'failed');
  assert.equal(done.attempt, 3);
  assert.match(done.error, /writing the results back to PostgreSQL failed/);
  const runs = await tally.app.inject({ method: 'GET', url: '/v1/jobs/action_weights/runs?app_id=tutor&status=failed', headers: bearer(ADMIN_TOKEN) });
  assert.equal(runs.json().runs.length, 1);
});
