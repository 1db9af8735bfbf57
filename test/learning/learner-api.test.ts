// The learner views over HTTP, after the jobs ran on a generated history, against the reference:
// the contract shapes (mastery, reviews/due), ranked gaps, the dashboard and heatmap, sessions,
// question history with attempt numbers, material progress, and the per-app views.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { attemptsOf, dailyUserStats, gaps, mastery, reviews, topicDailyStats } from './reference/learner-model.ts';
import { SEED_002_TOPICS, seed002 } from './seed-002.ts';

const START = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const AS_OF = START + 22 * DAY;

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

test('the learner views', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'med');
  await tally.app.inject({ method: 'PUT', url: '/v1/learning/topics', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'med', topics: SEED_002_TOPICS } });
  const events = seed002('med', START);
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const { scheduler } = tally.jobs;
  const run = async (job: string, scheduledMs: number) => {
    const r = await scheduler.enqueue(job, { appId: 'med', parameters: {} }, { scheduledMs, trigger: 'backfill' });
    const done = await scheduler.finished(r.runId);
    assert.ok(done.status === 'succeeded' || done.status === 'skipped', `${job}: ${done.error}`);
  };
  for (let d = 1; d <= 22; d++) await run('learning_daily_stats', START + d * DAY + 5 * 60_000);
  await run('learning_mastery', AS_OF);
  await run('learning_gaps', AS_OF);
  const get = async (url: string, key = readKey) => {
    const res = await tally.app.inject({ method: 'GET', url, headers: bearer(key) });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  };
  const user = 'learner-3';

  await t.test('mastery: { topics: [ { topic_id, mastery } ] } joined with the curriculum', async () => {
    const body = await get(`/v1/learning/users/${user}/mastery?app_id=med`);
    const want = mastery(events, SEED_002_TOPICS, AS_OF, 1).filter((m) => m.user_id === user);
    assert.equal(body.topics.length, want.length);
    for (const topic of body.topics) {
      const w = want.find((m) => m.topic_id === topic.topic_id);
      assert.ok(w, topic.topic_id);
      near(topic.mastery, w.mastery, topic.topic_id);
      assert.equal(topic.name, SEED_002_TOPICS.find((x) => x.topic_id === topic.topic_id)?.name);
    }
    assert.deepEqual((await get('/v1/learning/users/nobody/mastery?app_id=med')).topics, []);
  });

  await t.test('reviews/due?at=: { reviews: [ { question_id, due_at, interval_days } ] }, most overdue first', async () => {
    for (const at of [START + 10 * DAY, AS_OF + 3 * DAY]) {
      const body = await get(`/v1/learning/users/${user}/reviews/due?app_id=med&at=${new Date(at).toISOString()}`);
      const want = reviews(events, AS_OF, 1)
        .filter((r) => r.user_id === user && r.due_ms <= at)
        .sort((a, b) => a.due_ms - b.due_ms || (a.question_id < b.question_id ? -1 : 1));
      assert.deepEqual(
        body.reviews.map((r: { question_id: string; due_at: string; interval_days: number }) => [r.question_id, r.due_at, r.interval_days]),
        want.map((r) => [r.question_id, new Date(r.due_ms).toISOString(), r.interval]),
      );
    }
    const bad = await tally.app.inject({ method: 'GET', url: `/v1/learning/users/${user}/reviews/due?app_id=med&at=yesterday`, headers: bearer(readKey) });
    assert.equal(bad.statusCode, 400);
  });

  await t.test('gaps: only topics below the mastery threshold, highest priority first', async () => {
    const body = await get(`/v1/learning/users/${user}/gaps?app_id=med`);
    const masteryRows = mastery(events, SEED_002_TOPICS, AS_OF, 1);
    const want = gaps(events, SEED_002_TOPICS, masteryRows, AS_OF)
      .filter((g) => g.user_id === user && g.is_gap)
      .sort((a, b) => b.priority - a.priority);
    assert.ok(want.length >= 2);
    assert.deepEqual(body.gaps.map((g: { topic_id: string }) => g.topic_id), want.map((g) => g.topic_id));
    body.gaps.forEach((g: { priority: number }, i: number) => {
      near(g.priority, want[i].priority, 'priority');
    });
  });

  await t.test('dashboard: the overview and the 90 daily rows of the last daily run, in one row; heatmap', async () => {
    const date = new Date(START + 21 * DAY).toISOString().slice(0, 10);
    const body = await get(`/v1/learning/users/${user}/dashboard?app_id=med`);
    const daily = Array.from({ length: 22 }, (_, d) => ({ date: new Date(START + d * DAY).toISOString().slice(0, 10), row: dailyUserStats(events, START + d * DAY).find((r) => r.user_id === user) })).filter((x) => x.row);
    assert.deepEqual(body.daily.map((d: { date: string; questions_attempted: number; correct: number }) => [d.date, d.questions_attempted, d.correct]), daily.map((d) => [d.date, d.row?.questions_attempted, d.row?.correct]));
    assert.equal(body.overview.as_of_date, date);
    const last30 = daily.reduce((s, d) => s + (d.row?.questions_attempted ?? 0), 0);
    assert.equal(body.overview.last_30_days.questions, last30);
    assert.equal(body.overview.last_30_days.active_days, daily.length);
    const heat = await get(`/v1/learning/users/${user}/heatmap?app_id=med&date=${date}&days=7`);
    assert.deepEqual(heat.days.map((d: { date: string }) => d.date), daily.filter((d) => d.date > new Date(START + 14 * DAY).toISOString().slice(0, 10)).map((d) => d.date));
    const none = await get(`/v1/learning/users/nobody/dashboard?app_id=med`);
    assert.deepEqual(none, { user_id: 'nobody', overview: null, daily: [] });
  });

  await t.test('sessions of the last days, with their counts', async () => {
    const body = await get(`/v1/learning/users/${user}/sessions?app_id=med&days=10&at=${new Date(AS_OF).toISOString()}`);
    const mine = events.filter((e) => e.user_id === user && e.session_id !== '');
    const bySession = new Map<string, typeof mine>();
    for (const e of mine) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
    const want = [...bySession.values()]
      .map((es) => ({ start: Math.min(...es.map((e) => Date.parse(e.timestamp))), end: Math.max(...es.map((e) => Date.parse(e.timestamp))), q: es.filter((e) => e.event_name === 'question_answered').length, m: es.filter((e) => e.event_name === 'material_open').length }))
      .filter((s) => s.start >= AS_OF - 10 * DAY && s.start < AS_OF)
      .sort((a, b) => b.start - a.start);
    assert.deepEqual(
      body.sessions.map((s: { started_at: string; questions_attempted: number; materials_viewed: number; duration_seconds: number; ended: boolean }) => [s.started_at, s.questions_attempted, s.materials_viewed, s.duration_seconds, s.ended]),
      want.map((s) => [new Date(s.start).toISOString(), s.q, s.m, (s.end - s.start) / 1000, true]),
    );
  });

  await t.test('question history numbers the attempts and shows the review', async () => {
    const body = await get('/v1/learning/users/learner-0/questions/tie-q/history?app_id=med');
    assert.deepEqual(body.attempts.map((a: { attempt_number: number; is_correct: boolean; selected_answer: string }) => [a.attempt_number, a.is_correct, a.selected_answer]), [[1, false, 'A'], [2, true, 'B']]);
    assert.equal(body.review.interval_days, reviews(events, AS_OF, 1).find((r) => r.user_id === 'learner-0' && r.question_id === 'tie-q')?.interval);
    const none = await get('/v1/learning/users/learner-0/questions/never/history?app_id=med');
    assert.deepEqual(none, { question_id: 'never', attempts: [], review: null });
  });

  await t.test('material progress', async () => {
    const body = await get('/v1/learning/users/reader/materials/progress?app_id=med');
    assert.deepEqual(body.materials.map((m: { material_id: string; progress: number; completed: boolean; seconds: number; opens: number }) => [m.material_id, m.progress, m.completed, m.seconds, m.opens]), [['m-card-2', 0.5, false, 300, 0], ['m-card-1', 1, true, 600, 1]]);
  });

  await t.test('per app: topic performance, first-attempt accuracy, the mastery distribution', async () => {
    const from = new Date(START).toISOString();
    const to = new Date(START + 22 * DAY).toISOString();
    const perf = await get(`/v1/learning/topics/performance?app_id=med&from=${from}&to=${to}&topic_id=cardiology`);
    const want = Array.from({ length: 22 }, (_, d) => topicDailyStats(events, START + d * DAY).filter((x) => x.topic_id === 'cardiology').map((x) => [new Date(START + d * DAY).toISOString().slice(0, 10), x.attempts, x.first_correct])).flat();
    assert.deepEqual(perf.days.map((x: { date: string; attempts: number; first_correct: number }) => [x.date, x.attempts, x.first_correct]), want);
    const faa = await get(`/v1/learning/first-attempt-accuracy?app_id=med&from=${from}&to=${to}`);
    const firsts = new Map<string, { topic: string; right: boolean; ms: number; id: string }>();
    for (const a of attemptsOf(events)) {
      const k = `${a.user_id}/${a.question_id}`;
      const f = firsts.get(k);
      if (!f || a.ms < f.ms || (a.ms === f.ms && a.event_id < f.id)) firsts.set(k, { topic: a.topic_id, right: a.is_correct, ms: a.ms, id: a.event_id });
    }
    for (const topic of faa.topics) {
      const mine = [...firsts.values()].filter((f) => f.topic === topic.topic_id);
      assert.deepEqual([topic.first_attempts, topic.first_correct], [mine.length, mine.filter((f) => f.right).length], topic.topic_id);
    }
    const dist = await get('/v1/learning/mastery/distribution?app_id=med');
    const rows = mastery(events, SEED_002_TOPICS, AS_OF, 1);
    for (const topic of dist.topics) {
      const mine = rows.filter((r) => r.topic_id === topic.topic_id);
      assert.equal(topic.learners, mine.length);
      assert.equal(topic.buckets.reduce((a: number, b: number) => a + b, 0), mine.length);
      assert.equal(topic.mastered, mine.filter((r) => r.mastery >= 0.7).length);
    }
  });
});
