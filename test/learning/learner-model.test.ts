// The learner model in the engine against the plain-TypeScript reference on the same generated
// history: review schedules (the seed's rule and SM-2), mastery, gaps, the daily tables and the
// rolling metrics; the edge cases (no attempts, only wrong answers, a topic without materials, an
// unknown topic id); the jobs (calculation_version on every row, a backfill of another version,
// a re-run replacing its rows, a stopped pass resuming after its finished chunks).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkUsers, runInChunks, writeDailyUserStats, writeKnowledgeGaps, writeReviewSchedule, writeTopicDailyStats, writeTopicMastery, writeUserLearningMetrics } from '../../src/learning/index.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { dailyUserStats, gaps, mastery, reviews, rollingMetrics, topicDailyStats, type RefDaily } from './reference/learner-model.ts';
import { SEED_002_TOPICS, seed002 } from './seed-002.ts';

const START = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const AS_OF = START + 22 * DAY;

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

const ms = (t: string) => Date.parse(t.includes('T') ? t : `${t.replace(' ', 'T')}Z`);

test('the learner model', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, 'med');
  const put = await tally.app.inject({ method: 'PUT', url: '/v1/learning/topics', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'med', topics: SEED_002_TOPICS } });
  assert.equal(put.statusCode, 200, put.body);
  const events = seed002('med', START);
  const receipt = await tally.ingest.ingest(events, {});
  assert.equal(receipt.accepted, events.length, JSON.stringify(receipt.rejected?.slice(0, 2)));
  const users = [...new Set(events.map((e) => e.user_id))].sort();
  const store = tally.store;

  await t.test('question_attempts holds every answer, unknown topics included', async () => {
    const [row] = await store.query<{ n: number; ghost: number; right: number }>("SELECT count() AS n, countIf(topic_id = 'ghost') AS ghost, sum(is_correct) AS right FROM question_attempts FINAL WHERE app_id = 'med'");
    const answers = events.filter((e) => e.event_name === 'question_answered');
    assert.equal(row.n, answers.length);
    assert.equal(row.ghost, 1);
    assert.equal(row.right, answers.filter((e) => e.properties.selected_answer === e.properties.correct_answer).length);
  });

  for (const version of [1, 2] as const) {
    await t.test(`review schedule and mastery, calculation version ${version}, equal the reference`, async () => {
      for (const chunk of chunkUsers(users, 3)) {
        const c = { appId: 'med', users: chunk.users, asOfMs: AS_OF, version, computedAtMs: AS_OF };
        await writeReviewSchedule(store, c);
        await writeTopicMastery(store, c);
      }
      const got = await store.query<{ user_id: string; question_id: string; topic_id: string; attempts: number; interval_days: number; due_at: string; last_quality: number }>(
        "SELECT user_id, question_id, topic_id, attempts, interval_days, toString(due_at) AS due_at, last_quality FROM review_schedule FINAL WHERE app_id = 'med' AND calculation_version = {v:UInt16} ORDER BY user_id, question_id",
        { v: version },
      );
      const want = reviews(events, AS_OF, version).sort((a, b) => (a.user_id + a.question_id < b.user_id + b.question_id ? -1 : 1));
      assert.equal(got.length, want.length);
      got.forEach((g, i) => {
        const w = want[i];
        assert.deepEqual([g.user_id, g.question_id, g.topic_id, g.attempts, g.interval_days, g.last_quality], [w.user_id, w.question_id, w.topic_id, w.attempts, Math.min(w.interval, 36_500), w.last_quality]);
        assert.equal(ms(g.due_at), w.due_ms, `${g.user_id} ${g.question_id} due`);
      });
      assert.ok(new Set(want.map((w) => w.interval)).size >= 3, 'the data reaches several intervals');
      assert.ok(got.some((g) => g.question_id === 'tie-q' && g.last_quality === 5), 'of two answers in one millisecond the greater event id is the last');

      const rows = await store.query<{ user_id: string; topic_id: string; attempts: number; first_attempt_accuracy: number; overall_accuracy: number; retrieval_strength: number; material_completion: number; mastery: number; calculation_version: number }>(
        "SELECT * FROM topic_mastery FINAL WHERE app_id = 'med' AND calculation_version = {v:UInt16} ORDER BY user_id, topic_id",
        { v: version },
      );
      const ref = mastery(events, SEED_002_TOPICS, AS_OF, version);
      assert.deepEqual(rows.map((r) => [r.user_id, r.topic_id, r.attempts]), ref.map((r) => [r.user_id, r.topic_id, r.attempts]));
      rows.forEach((r, i) => {
        const w = ref[i];
        for (const k of ['first_attempt_accuracy', 'overall_accuracy', 'retrieval_strength', 'material_completion', 'mastery'] as const) near(r[k], w[k], `${r.user_id}/${r.topic_id} ${k}`);
        assert.ok(r.mastery >= 0 && r.mastery <= 1);
        assert.equal(r.calculation_version, version);
      });
      // the edge cases
      const wrong = rows.find((r) => r.user_id === 'wrong-only' && r.topic_id === 'ecg');
      assert.ok(wrong);
      assert.deepEqual([wrong.first_attempt_accuracy, wrong.overall_accuracy, wrong.retrieval_strength, wrong.material_completion], [0, 0, 0, 1], 'only wrong answers: 0 but the topic without materials, which counts as complete');
      near(wrong.mastery, 0.2, 'only wrong');
      const reader = rows.filter((r) => r.user_id === 'reader');
      assert.deepEqual(reader.map((r) => [r.topic_id, r.attempts]), [['cardiology', 0]], 'no attempts: a row from reading alone');
      near(reader[0].material_completion, 0.5, '(1 + 0.5 + 0) / 3 materials');
      near(reader[0].mastery, 0.1, 'only the material term');
      assert.ok(!rows.some((r) => r.topic_id === 'ghost'), 'an unknown topic gets no mastery');
    });
  }

  await t.test('knowledge gaps equal the reference, ranked by priority', async () => {
    const masteryRows = await store.query<{ user_id: string; topic_id: string; mastery: number }>("SELECT user_id, topic_id, mastery FROM topic_mastery FINAL WHERE app_id = 'med' AND calculation_version = 1");
    await writeKnowledgeGaps(store, { appId: 'med', users, asOfMs: AS_OF, version: 1, computedAtMs: AS_OF });
    const got = await store.query<{ user_id: string; topic_id: string; prerequisite_impact: number; recent_failure_rate: number; priority: number; is_gap: number; mastery: number }>(
      "SELECT * FROM knowledge_gaps FINAL WHERE app_id = 'med' AND calculation_version = 1 ORDER BY user_id, topic_id",
    );
    const want = gaps(events, SEED_002_TOPICS, masteryRows, AS_OF).sort((a, b) => (a.user_id + a.topic_id < b.user_id + b.topic_id ? -1 : 1));
    assert.deepEqual(got.map((g) => [g.user_id, g.topic_id, g.prerequisite_impact, g.is_gap === 1]), want.map((w) => [w.user_id, w.topic_id, w.prerequisite_impact, w.is_gap]));
    got.forEach((g, i) => {
      near(g.recent_failure_rate, want[i].recent_failure_rate, 'recent failure rate');
      near(g.priority, want[i].priority, 'priority');
    });
    assert.ok(want.some((w) => w.prerequisite_impact > 0) && want.some((w) => w.recent_failure_rate > 0), 'the data exercises every term');
  });

  await t.test('daily tables and rolling metrics equal the reference', async () => {
    const daily = new Map<number, RefDaily[]>();
    for (let d = 0; d < 23; d++) {
      const dayMs = START + d * DAY;
      await writeDailyUserStats(store, { appId: 'med', users, dayMs, computedAtMs: AS_OF });
      await writeTopicDailyStats(store, { appId: 'med', dayMs, computedAtMs: AS_OF });
      daily.set(dayMs, dailyUserStats(events, dayMs));
    }
    for (const d of [0, 2, 5, 13]) {
      const dayMs = START + d * DAY;
      const day = new Date(dayMs).toISOString().slice(0, 10);
      const got = await store.query<RefDaily>(
        'SELECT user_id, questions_attempted, correct, materials_opened, answer_seconds, material_seconds, sessions, topics_studied FROM daily_user_stats FINAL WHERE app_id = {app:String} AND stat_date = {day:Date} ORDER BY user_id',
        { app: 'med', day },
      );
      assert.deepEqual(got, daily.get(dayMs), day);
      const topics = await store.query('SELECT topic_id, attempts, correct, first_attempts, first_correct, learners FROM topic_daily_stats FINAL WHERE app_id = {app:String} AND stat_date = {day:Date} ORDER BY topic_id', { app: 'med', day });
      assert.deepEqual(topics, topicDailyStats(events, dayMs), day);
    }
    const asOfDay = START + 20 * DAY;
    await writeUserLearningMetrics(store, { appId: 'med', users, dayMs: asOfDay, computedAtMs: AS_OF });
    const metrics = await store.query<Record<string, unknown>>("SELECT * FROM user_learning_metrics FINAL WHERE app_id = 'med' ORDER BY user_id");
    assert.ok(metrics.length >= 6);
    for (const m of metrics) {
      for (const n of [7, 30, 90]) {
        const w = rollingMetrics(daily, String(m.user_id), asOfDay, n);
        assert.deepEqual([m[`questions_${n}d`], m[`correct_${n}d`], m[`active_days_${n}d`]], [w.questions, w.correct, w.active_days], `${m.user_id} ${n}d`);
        near(Number(m[`study_seconds_${n}d`]), w.study_seconds, 'study seconds');
      }
      // the dashboard's daily rows of the 90 days ending on the day
      const days = [...daily.entries()].filter(([d, rows]) => d <= asOfDay && d > asOfDay - 90 * DAY && rows.some((r) => r.user_id === m.user_id)).sort(([a], [b]) => a - b);
      const [asOf, , rows] = JSON.parse(String(m.dashboard)) as [string, unknown, Array<[string, number, number]>];
      assert.equal(asOf, new Date(asOfDay).toISOString().slice(0, 10));
      assert.deepEqual(
        rows.map(([d, q, c]) => [d, Number(q), Number(c)]),
        days.map(([d, rs]) => [new Date(d).toISOString().slice(0, 10), rs.find((r) => r.user_id === m.user_id)?.questions_attempted, rs.find((r) => r.user_id === m.user_id)?.correct]),
        String(m.user_id),
      );
    }
  });

  await t.test('the jobs write calculation_version on every row; a backfill of version 2 writes beside version 1; a re-run replaces', async () => {
    const { scheduler } = tally.jobs;
    const at = START + 30 * DAY;
    for (const [job, parameters] of [['learning_mastery', {}], ['learning_mastery', { calculation_version: 2 }], ['learning_gaps', {}], ['learning_daily_stats', {}], ['learning_mastery', {}]] as const) {
      const run = await scheduler.enqueue(job, { appId: 'med', parameters }, { scheduledMs: at, trigger: 'backfill' });
      const done = await scheduler.finished(run.runId);
      assert.equal(done.status, 'succeeded', `${job}: ${done.error}`);
    }
    const [v] = await store.query<{ v1: number; v2: number; at: number }>(
      "SELECT countIf(calculation_version = 1) AS v1, countIf(calculation_version = 2) AS v2, countIf(computed_for = {at:DateTime64(3, 'UTC')}) AS at FROM topic_mastery FINAL WHERE app_id = 'med'",
      { at: new Date(at).toISOString().replace('T', ' ').slice(0, 23) },
    );
    const ref = mastery(events, SEED_002_TOPICS, at, 2);
    assert.equal(v.v2, ref.length);
    assert.equal(v.v1, ref.length);
    assert.equal(v.at, 2 * ref.length, 'the latest computation wins');
    const [dup] = await store.query<{ n: number; keys: number }>("SELECT count() AS n, uniqExact(user_id, topic_id, calculation_version) AS keys FROM topic_mastery FINAL WHERE app_id = 'med'");
    assert.equal(dup.n, dup.keys, 'a re-run replaced its rows');
    const v2 = await store.query<{ user_id: string; topic_id: string; mastery: number }>("SELECT user_id, topic_id, mastery FROM topic_mastery FINAL WHERE app_id = 'med' AND calculation_version = 2 ORDER BY user_id, topic_id");
    v2.forEach((r, i) => {
      near(r.mastery, ref[i].mastery, `v2 ${r.user_id}/${r.topic_id}`);
    });
    for (const table of ['review_schedule', 'knowledge_gaps', 'daily_user_stats', 'user_learning_metrics', 'topic_daily_stats']) {
      const [row] = await store.query<{ missing: number; n: number }>(`SELECT countIf(calculation_version = 0) AS missing, count() AS n FROM ${table} WHERE app_id = 'med'`);
      assert.ok(row.n > 0 && row.missing === 0, table);
    }
  });

  await t.test('learning_mastery_recent computes the learners whose answers or reading just arrived, and skips when nothing arrived', async () => {
    const { scheduler } = tally.jobs;
    const now = Date.now();
    const run = await scheduler.enqueue('learning_mastery_recent', { appId: 'med', parameters: {} }, { scheduledMs: now + 60_000, trigger: 'manual' });
    const done = await scheduler.finished(run.runId);
    assert.equal(done.status, 'succeeded', done.error);
    const studying = new Set(events.filter((e) => ['question_answered', 'material_open', 'material_progress'].includes(e.event_name)).map((e) => e.user_id));
    assert.equal(done.summary.learners, studying.size);
    const [row] = await store.query<{ n: number }>("SELECT uniqExact(user_id) AS n FROM topic_mastery FINAL WHERE app_id = 'med' AND calculation_version = 1 AND computed_for > now64(3) - INTERVAL 1 HOUR");
    assert.equal(row.n, mastery(events, SEED_002_TOPICS, now, 1).reduce((s, m) => s.add(m.user_id), new Set<string>()).size);
    const later = await scheduler.enqueue('learning_mastery_recent', { appId: 'med', parameters: {} }, { scheduledMs: now + 86_400_000, trigger: 'manual' });
    assert.equal((await scheduler.finished(later.runId)).status, 'skipped', 'nothing arrived in the 11 minutes before');
    const bad = () => scheduler.enqueue('learning_mastery', { appId: 'med', parameters: { calculation_version: 3 } });
    await assert.rejects(bad, /calculation_version must be 1/);
  });

  await t.test('learning_rebuild refills the real-time tables from events, the same as the views made them; a second run changes nothing', async () => {
    const snapshot = async () => ({
      attempts: await store.query("SELECT user_id, question_id, attempted_at, is_correct, time_to_answer_seconds FROM question_attempts FINAL WHERE app_id = 'med' ORDER BY ALL"),
      sessions: await store.query("SELECT user_id, session_id, min(started_at) AS s, max(ended_at) AS e, sum(questions_attempted) AS q, sum(correct) AS c, sum(materials_viewed) AS m FROM study_sessions WHERE app_id = 'med' GROUP BY user_id, session_id ORDER BY ALL"),
      materials: await store.query("SELECT user_id, material_id, max(progress) AS p, sum(seconds) AS s, sum(opens) AS o FROM material_interactions WHERE app_id = 'med' GROUP BY user_id, material_id ORDER BY ALL"),
    });
    const before = await snapshot();
    assert.ok(before.attempts.length > 100 && before.sessions.length > 50 && before.materials.length > 10);
    // as if the events were stored before the views existed
    for (const table of ['question_attempts', 'study_sessions', 'material_interactions']) await store.command(`ALTER TABLE ${table} DELETE WHERE app_id = 'med'`, {}, { settings: { mutations_sync: 2 } });
    assert.equal((await snapshot()).attempts.length, 0);
    for (let i = 0; i < 2; i++) {
      const run = await tally.jobs.scheduler.enqueue('learning_rebuild', { appId: 'med', parameters: {} });
      const done = await tally.jobs.scheduler.finished(run.runId);
      assert.equal(done.status, 'succeeded', done.error);
      assert.equal(done.summary.question_attempts, before.attempts.length);
      assert.deepEqual(await snapshot(), before);
    }
  });

  await t.test('a pass stopped part-way resumes after its finished chunks; a finished pass is not adopted', async () => {
    const key = { job: 'test_pass', appId: 'med', scheduledMs: AS_OF, version: 1, runId: 'run-a' };
    const worked: number[] = [];
    await assert.rejects(
      runInChunks(store, key, users, async (c) => {
        if (c.index === 2) throw new Error('stopped');
        worked.push(c.index);
      }, { size: 2 }),
      /stopped/,
    );
    assert.deepEqual(worked, [0, 1]);
    worked.length = 0;
    const resumed = await runInChunks(store, { ...key, runId: 'run-b' }, users, async (c) => void worked.push(c.index), { size: 2 });
    assert.equal(resumed.resumed, 2);
    assert.deepEqual(worked, chunkUsers(users, 2).map((c) => c.index).slice(2));
    worked.length = 0;
    const fresh = await runInChunks(store, { ...key, runId: 'run-c' }, users, async (c) => void worked.push(c.index), { size: 2 });
    assert.equal(fresh.resumed, 0);
    assert.equal(worked.length, chunkUsers(users, 2).length);
  });
});
