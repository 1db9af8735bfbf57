// The learner model's events: is_correct derived at ingest (the pipeline step's table of inputs and
// the stored row), the built-in schemas installed with the curriculum (never over the app's own),
// and `tally codegen` emitting the seed's tracker names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateTrackingPlan } from '../../src/codegen/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { LEARNING_TRACKER_ALIASES } from '../../src/learning/index.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

const answered = (properties: Record<string, unknown>, name = 'question_answered') => ({
  app_id: 'med', event_name: name, user_id: 'u1', session_id: 's1', timestamp: '2026-10-01T12:00:00.000Z', properties,
});

test('is_correct is derived at ingest from the two answers', () => {
  const pipeline = createIngestPipeline();
  const stored = (e: Record<string, unknown>): Record<string, unknown> => {
    const r = pipeline(e, { receivedAtMs: Date.parse('2026-10-01T12:00:01Z') });
    assert.ok(r.ok, JSON.stringify(r));
    return JSON.parse((JSON.parse(r.event.row) as { properties: string }).properties) as Record<string, unknown>;
  };
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [{ selected_answer: 'A', correct_answer: 'A' }, true],
    [{ selected_answer: 'A', correct_answer: 'B' }, false],
    [{ selected_answer: ' B ', correct_answer: 'B' }, true],
    [{ selected_answer: 'b', correct_answer: 'B' }, false],
    [{ selected_answer: 3, correct_answer: '3' }, true],
    [{ selected_answer: 'A', correct_answer: 'B', is_correct: true }, false],
    [{ selected_answer: 'A' }, undefined],
    [{ selected_answer: 'A', is_correct: true }, true],
    [{ selected_answer: null, correct_answer: 'A' }, undefined],
  ];
  for (const [properties, want] of cases) assert.equal(stored(answered(properties)).is_correct, want, JSON.stringify(properties));
  assert.equal(stored(answered({ selected_answer: 'A', correct_answer: 'A' }, 'quiz_answered')).is_correct, undefined, 'other events are untouched');
});

test('the built-in schemas and codegen', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'med');
  await createApp(tally, 'own');
  // an app that registered its own question_answered keeps it
  const own = await tally.app.inject({ method: 'PUT', url: '/v1/schemas/question_answered?app_id=own', headers: bearer(ADMIN_TOKEN), payload: { schema: { type: 'object', properties: { q: { type: 'string' } } } } });
  assert.ok(own.statusCode < 300, own.body);
  for (const app of ['med', 'own']) {
    const res = await tally.app.inject({ method: 'PUT', url: '/v1/learning/topics', headers: bearer(ADMIN_TOKEN), payload: { app_id: app, topics: [{ topic_id: 'cardio', name: 'Cardiology', board_exam_weight: 9 }] } });
    assert.equal(res.statusCode, 200, res.body);
  }
  assert.deepEqual(tally.schemas.list('med').map((s) => s.eventName), ['material_open', 'material_progress', 'question_answered', 'session_end', 'session_start']);
  assert.deepEqual(Object.keys((tally.schemas.current('own', 'question_answered')?.schema.properties ?? {}) as object), ['q'], 'the app\'s own schema stays');

  await t.test('an answer stored through HTTP keeps the derived is_correct', async () => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(writeKey), payload: answered({ question_id: 'q1', topic_id: 'cardio', selected_answer: 'C', correct_answer: 'D', time_to_answer_seconds: 12 }) });
    assert.equal(res.json().accepted, 1, res.body);
    const [row] = await tally.store.query<{ p: string }>("SELECT properties AS p FROM events WHERE app_id = 'med' AND event_name = 'question_answered'");
    assert.equal((JSON.parse(row.p) as { is_correct: boolean }).is_correct, false);
  });

  await t.test('codegen emits trackQuestionAttempt, trackMaterialProgress, trackSessionStart and trackSessionEnd', async () => {
    const res = await tally.app.inject({ method: 'GET', url: '/v1/schemas?app_id=med', headers: bearer(readKey) });
    const code = generateTrackingPlan({ appId: 'med', schemas: res.json().schemas, aliases: LEARNING_TRACKER_ALIASES });
    for (const fn of ['trackQuestionAnswered', 'trackQuestionAttempt', 'trackMaterialOpen', 'trackMaterialProgress', 'trackSessionStart', 'trackSessionEnd']) assert.match(code, new RegExp(`export (function|const) ${fn}\\b`), fn);
    assert.match(code, /time_to_answer_seconds\?: number/);
    assert.match(code, /question_id: string/);
  });
});
