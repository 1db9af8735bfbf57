// One learner's views over HTTP (seed 002), under /v1/learning/users/{user_id}/…: dashboard,
// heatmap, mastery, gaps, reviews/due, sessions, questions/{question_id}/history and
// materials/progress. Callable with the app's read key, the admin token, or a learner token minted
// for exactly this app and user (access 'learner', src/api/route-access.ts).

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import {
  DAY_MS,
  DEFAULT_CALCULATION_VERSION,
  dailyRows,
  dashboard,
  dueReviews,
  learnerGaps,
  learnerMastery,
  materialProgress,
  questionHistory,
  recentSessions,
  type CalculationVersion,
} from '../../learning/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';
import { LearningId } from './learning-topics.ts';

const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 256 }) });
const Version = Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: 'calculation version: 1 the seed\'s review rule (default), 2 SM-2' }));
const Day = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the last day shown (UTC, YYYY-MM-DD; default today)' }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Daily = Type.Object({
  date: Type.String(),
  questions_attempted: Type.Integer(),
  correct: Type.Integer(),
  accuracy: Nullable(Type.Number()),
  materials_opened: Type.Integer(),
  study_seconds: Type.Number(),
  sessions: Type.Integer(),
  topics_studied: Type.Integer(),
});
const Window = Type.Object({ questions: Type.Integer(), correct: Type.Integer(), accuracy: Nullable(Type.Number()), study_seconds: Type.Number(), active_days: Type.Integer() });
const Review = Type.Object({
  question_id: Type.String(),
  topic_id: Type.String(),
  due_at: Type.String(),
  interval_days: Type.Integer(),
  last_attempt_at: Type.String(),
  last_quality: Type.Integer({ description: '0–5, from correctness and answer time (docs/learning.md)' }),
  attempts: Type.Integer(),
});

function dayMs(day: string | undefined, nowMs: number): number {
  if (day === undefined) return Math.floor(nowMs / DAY_MS) * DAY_MS;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`date ${day} is not a calendar day`]);
  return ms;
}

function instant(at: string | undefined, nowMs: number): number {
  if (at === undefined) return nowMs;
  const ms = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || !Number.isFinite(ms)) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['at must be an ISO time such as 2026-10-01T12:00:00Z']);
  return ms;
}

const version = (v: number | undefined): CalculationVersion => (v === 2 ? 2 : v === 1 ? 1 : DEFAULT_CALCULATION_VERSION);

export const learningLearnerRoutes: RouteGroup<{ readonly now?: () => number }> = async (app, { deps, now = Date.now }) => {
  const store = deps.store;
  const access = { access: 'learner', app: 'query', question: true, auditSubject: 'user' } as const;
  const route = (summary: string, operationId: string) => ({ summary, operationId, tags: ['learning'] });

  app.get(
    '/v1/learning/users/:user_id/dashboard',
    {
      config: { ...access, refusal: 'read learner dashboards of app' },
      schema: {
        ...route("A learner's dashboard: 7/30/90-day overview and the 90 daily rows ending on its as_of_date (the last daily run)", 'getLearnerDashboard'),
        params: UserParams,
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            user_id: Type.String(),
            overview: Nullable(Type.Object({ as_of_date: Type.String(), last_7_days: Window, last_30_days: Window, last_90_days: Window })),
            daily: Type.Array(Daily),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const l = { appId: req.query.app_id, userId: req.params.user_id };
      const d = await dashboard(store, l);
      return { user_id: l.userId, overview: d.overview, daily: d.daily };
    },
  );

  app.get(
    '/v1/learning/users/:user_id/heatmap',
    {
      config: { ...access, refusal: 'read learner heatmaps of app' },
      schema: {
        ...route("A learner's activity per day (days without activity are absent)", 'getLearnerHeatmap'),
        params: UserParams,
        querystring: Type.Object({ app_id: AppId, date: Day, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 90 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ days: Type.Array(Daily) }), ...errorResponses(400) },
      },
    },
    async (req) => ({ days: await dailyRows(store, { appId: req.query.app_id, userId: req.params.user_id }, dayMs(req.query.date, now()), req.query.days ?? 90) }),
  );

  app.get(
    '/v1/learning/users/:user_id/mastery',
    {
      config: { ...access, refusal: 'read learner mastery of app' },
      schema: {
        ...route("A learner's mastery of each topic, with the topic", 'getLearnerMastery'),
        params: UserParams,
        querystring: Type.Object({ app_id: AppId, calculation_version: Version }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            topics: Type.Array(
              Type.Object({
                topic_id: Type.String(),
                mastery: Type.Number({ description: '0.30·first_attempt_accuracy + 0.20·overall_accuracy + 0.30·retrieval_strength + 0.20·material_completion' }),
                name: Type.String(),
                parent: Nullable(Type.String()),
                board_exam_weight: Type.Number(),
                first_attempt_accuracy: Type.Number(),
                overall_accuracy: Type.Number(),
                retrieval_strength: Type.Number(),
                material_completion: Type.Number(),
                attempts: Type.Integer(),
                questions: Type.Integer(),
                computed_for: Type.String(),
                calculation_version: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => ({ topics: await learnerMastery(store, { appId: req.query.app_id, userId: req.params.user_id }, version(req.query.calculation_version)) }),
  );

  app.get(
    '/v1/learning/users/:user_id/gaps',
    {
      config: { ...access, refusal: 'read learner gaps of app' },
      schema: {
        ...route("A learner's knowledge gaps, highest priority first", 'getLearnerGaps'),
        params: UserParams,
        querystring: Type.Object({ app_id: AppId, calculation_version: Version, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            gaps: Type.Array(
              Type.Object({
                topic_id: Type.String(),
                name: Type.String(),
                priority: Type.Number({ description: 'gap·3.0 + board_exam_weight·2.0 + prerequisite_impact·1.0 + recent_failure_rate·1.5' }),
                mastery: Type.Number(),
                gap: Type.Number(),
                board_exam_weight: Type.Number(),
                prerequisite_impact: Type.Integer(),
                recent_failure_rate: Type.Number(),
                computed_for: Type.String(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => ({ gaps: await learnerGaps(store, { appId: req.query.app_id, userId: req.params.user_id }, version(req.query.calculation_version), req.query.limit ?? 20) }),
  );

  app.get(
    '/v1/learning/users/:user_id/reviews/due',
    {
      config: { ...access, refusal: 'read learner reviews of app' },
      schema: {
        ...route('Questions due for review at a time, most overdue first', 'getLearnerDueReviews'),
        params: UserParams,
        querystring: Type.Object(
          { app_id: AppId, at: Type.Optional(Type.String({ maxLength: 40, description: 'ISO time (default now)' })), calculation_version: Version, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ reviews: Type.Array(Review) }), ...errorResponses(400) },
      },
    },
    async (req) => ({ reviews: await dueReviews(store, { appId: req.query.app_id, userId: req.params.user_id }, instant(req.query.at, now()), version(req.query.calculation_version), req.query.limit ?? 100) }),
  );

  app.get(
    '/v1/learning/users/:user_id/sessions',
    {
      config: { ...access, refusal: 'read learner sessions of app' },
      schema: {
        ...route("A learner's study sessions started in the last days, newest first", 'getLearnerSessions'),
        params: UserParams,
        querystring: Type.Object(
          { app_id: AppId, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })), at: Type.Optional(Type.String({ maxLength: 40, description: 'ISO time the days end at (default now)' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            sessions: Type.Array(
              Type.Object({
                session_id: Type.String(),
                started_at: Type.String(),
                ended_at: Type.String({ description: 'the session_end event, else the last event' }),
                duration_seconds: Type.Number(),
                ended: Type.Boolean(),
                materials_viewed: Type.Integer(),
                questions_attempted: Type.Integer(),
                correct: Type.Integer(),
                device_type: Type.String(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => ({ sessions: await recentSessions(store, { appId: req.query.app_id, userId: req.params.user_id }, instant(req.query.at, now()), req.query.days ?? 30, req.query.limit ?? 200) }),
  );

  app.get(
    '/v1/learning/users/:user_id/questions/:question_id/history',
    {
      config: { ...access, refusal: 'read learner question history of app' },
      schema: {
        ...route("A learner's attempts at one question, numbered, with its review", 'getLearnerQuestionHistory'),
        params: Type.Object({ user_id: UserParams.properties.user_id, question_id: LearningId }),
        querystring: Type.Object({ app_id: AppId, calculation_version: Version, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            question_id: Type.String(),
            attempts: Type.Array(
              Type.Object({
                attempt_number: Type.Integer(),
                attempted_at: Type.String(),
                topic_id: Type.String(),
                selected_answer: Type.String(),
                correct_answer: Type.String(),
                is_correct: Type.Boolean(),
                time_to_answer_seconds: Nullable(Type.Number()),
              }),
            ),
            review: Nullable(Review),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const l = { appId: req.query.app_id, userId: req.params.user_id };
      const h = await questionHistory(store, l, req.params.question_id, version(req.query.calculation_version), req.query.limit ?? 200);
      return { question_id: req.params.question_id, attempts: h.attempts, review: h.review };
    },
  );

  app.get(
    '/v1/learning/users/:user_id/materials/progress',
    {
      config: { ...access, refusal: 'read learner material progress of app' },
      schema: {
        ...route("A learner's progress in each material, most recent first", 'getLearnerMaterialProgress'),
        params: UserParams,
        querystring: Type.Object({ app_id: AppId, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            materials: Type.Array(
              Type.Object({
                material_id: Type.String(),
                topic_id: Type.String(),
                progress: Type.Number({ description: 'furthest progress, 0–1' }),
                completed: Type.Boolean({ description: 'progress ≥ 0.9' }),
                seconds: Type.Number(),
                opens: Type.Integer(),
                first_at: Type.String(),
                last_at: Type.String(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => ({ materials: await materialProgress(store, { appId: req.query.app_id, userId: req.params.user_id }, req.query.limit ?? 500) }),
  );
};
