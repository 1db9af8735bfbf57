// Erasing a learner (DELETE /v1/users/{user_id}) removes their rows from every learner table —
// answers, sessions, reading, mastery, reviews, gaps, daily rows and the dashboard — and leaves
// the other learners' rows as they were.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { SEED_002_TOPICS, seed002 } from './seed-002.ts';

const START = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const TABLES = ['question_attempts', 'study_sessions', 'material_interactions', 'topic_mastery', 'review_schedule', 'knowledge_gaps', 'daily_user_stats', 'user_learning_metrics'];

test('erasing a learner removes them from every learner table', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, 'med');
  await tally.app.inject({ method: 'PUT', url: '/v1/learning/topics', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'med', topics: SEED_002_TOPICS } });
  const events = seed002('med', START);
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const runs: Array<[string, number]> = Array.from({ length: 10 }, (_, d) => ['learning_daily_stats', START + (d + 1) * DAY + 300_000]);
  runs.push(['learning_mastery', START + 22 * DAY], ['learning_gaps', START + 22 * DAY]);
  for (const [job, at] of runs) {
    const run = await tally.jobs.scheduler.enqueue(job, { appId: 'med', parameters: {} }, { scheduledMs: at, trigger: 'backfill' });
    assert.equal((await tally.jobs.scheduler.finished(run.runId)).status, 'succeeded');
  }
  const count = async (user: string) =>
    Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, Number((await tally.store.query<{ n: number }>(`SELECT count() AS n FROM ${table} WHERE app_id = 'med' AND user_id = {user:String}`, { user }))[0].n)])));
  const victim = await count('learner-2');
  const other = await count('learner-3');
  for (const table of TABLES) assert.ok(victim[table] > 0, `${table} holds the learner before`);

  const res = await tally.app.inject({ method: 'DELETE', url: '/v1/users/learner-2?app_id=med', headers: bearer(ADMIN_TOKEN) });
  assert.ok(res.statusCode === 202 || res.statusCode === 200, res.body);
  await tally.trust.erasures.wait(res.json().erasure_id);
  assert.deepEqual(await count('learner-2'), Object.fromEntries(TABLES.map((table) => [table, 0])));
  assert.deepEqual(await count('learner-3'), other);
  const dash = await tally.app.inject({ method: 'GET', url: '/v1/learning/users/learner-2/dashboard?app_id=med', headers: bearer(ADMIN_TOKEN) });
  assert.deepEqual(dash.json(), { user_id: 'learner-2', overview: null, daily: [] });
});
