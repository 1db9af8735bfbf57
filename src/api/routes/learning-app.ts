// An app's learning views over HTTP (seed 002): topic performance over time, first-attempt accuracy
// by topic, and the cohort's mastery distribution. Read key of the app or the admin token.

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { DAY_MS, DEFAULT_CALCULATION_VERSION, MASTERY_THRESHOLD, firstAttemptAccuracy, masteryDistribution, topicPerformance } from '../../learning/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';
import { LearningId } from './learning-topics.ts';

const Time = Type.String({ maxLength: 40, description: 'ISO date or time' });
const MAX_RANGE_DAYS = 3660;

function range(from: string, to: string): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!/^\d{4}-\d{2}-\d{2}/.test(from) || !/^\d{4}-\d{2}-\d{2}/.test(to) || !Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['from and to must be ISO dates or times']);
  if (toMs <= fromMs) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['to must be after from']);
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`a range spans at most ${MAX_RANGE_DAYS} days`]);
  return { fromMs, toMs };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const learningAppRoutes: RouteGroup = async (app, { deps }) => {
  const store = deps.store;

  app.get(
    '/v1/learning/topics/performance',
    {
      config: { access: 'read', app: 'query', question: true, refusal: 'read topic performance of app' },
      schema: {
        summary: 'Topic performance per day (topic_daily_stats)',
        operationId: 'getTopicPerformance',
        tags: ['learning'],
        querystring: Type.Object({ app_id: AppId, from: Time, to: Time, topic_id: Type.Optional(LearningId), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            days: Type.Array(
              Type.Object({
                topic_id: Type.String(),
                date: Type.String(),
                attempts: Type.Integer(),
                correct: Type.Integer(),
                accuracy: Nullable(Type.Number()),
                first_attempts: Type.Integer(),
                first_correct: Type.Integer(),
                first_attempt_accuracy: Nullable(Type.Number()),
                learners: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const r = range(req.query.from, req.query.to);
      return { days: await topicPerformance(store, req.query.app_id, day(r.fromMs), day(r.toMs - 1 + DAY_MS), req.query.topic_id, req.query.limit ?? 10_000) };
    },
  );

  app.get(
    '/v1/learning/first-attempt-accuracy',
    {
      config: { access: 'read', app: 'query', question: true, refusal: 'read first-attempt accuracy of app' },
      schema: {
        summary: "First-attempt accuracy by topic: learners' first answers to each question on the UTC days from `from`'s day up to (not including) `to`'s day",
        operationId: 'getFirstAttemptAccuracy',
        tags: ['learning'],
        querystring: Type.Object({ app_id: AppId, from: Time, to: Time }, { additionalProperties: false }),
        response: {
          200: Type.Object({ topics: Type.Array(Type.Object({ topic_id: Type.String(), first_attempts: Type.Integer(), first_correct: Type.Integer(), accuracy: Nullable(Type.Number()) })) }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const r = range(req.query.from, req.query.to);
      return { topics: await firstAttemptAccuracy(store, req.query.app_id, day(r.fromMs), day(r.toMs)) };
    },
  );

  app.get(
    '/v1/learning/mastery/distribution',
    {
      config: { access: 'read', app: 'query', question: true, refusal: 'read the mastery distribution of app' },
      schema: {
        summary: "The cohort's mastery per topic: mean, learners at or above the mastery threshold, ten buckets",
        operationId: 'getMasteryDistribution',
        tags: ['learning'],
        querystring: Type.Object({ app_id: AppId, calculation_version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            threshold: Type.Number(),
            topics: Type.Array(Type.Object({ topic_id: Type.String(), learners: Type.Integer(), mean: Type.Number(), mastered: Type.Integer(), buckets: Type.Array(Type.Integer(), { description: 'learners with mastery in [0, 0.1), [0.1, 0.2), …, [0.9, 1]' }) })),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const v = req.query.calculation_version === 2 ? 2 : DEFAULT_CALCULATION_VERSION;
      return { threshold: MASTERY_THRESHOLD, topics: await masteryDistribution(store, req.query.app_id, v, MASTERY_THRESHOLD) };
    },
  );
};
