// Learning outputs over HTTP: an app's current action weights (seed 000), as the `action_weights`
// job last computed them for the latest window (read key of the app or the admin token); and the
// learner model of seed 002, whose route groups are registered from here (learning-*.ts).

import { Type } from 'typebox';
import { currentComputation } from '../../learning/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';
import { learningAppRoutes } from './learning-app.ts';
import { learningLearnerRoutes } from './learning-learners.ts';
import { learningTokenRoutes } from './learning-tokens.ts';
import { learningTopicRoutes } from './learning-topics.ts';

const Answer = Type.Object({
  weights: Type.Array(
    Type.Object({
      action_type: Type.String(),
      weight: Type.Number({ description: 'softmax of the average rewards; the weights sum to 1' }),
      avg_reward: Type.Number({ description: 'mean delta_mastery credited to this action type' }),
      n: Type.Integer({ description: 'rewards credited to this action type' }),
    }),
  ),
  computed_at: Type.Union([Type.String(), Type.Null()], { description: 'when the current weights were computed; null before the first computation' }),
  computed_for: Type.Union([Type.String(), Type.Null()], { description: 'the end of their window (the run\'s scheduled time)' }),
  calculation_version: Type.Union([Type.Integer(), Type.Null()]),
  inputs: Type.Union([Type.Object({ concept_events: Type.Integer(), actions: Type.Integer(), matched: Type.Integer(), lookback_days: Type.Integer(), temperature: Type.Number() }), Type.Null()]),
});

export const learningRoutes: RouteGroup = async (app, { deps }) => {
  // the learner model (seed 002): curriculum, learner views, learner tokens
  await app.register(learningTopicRoutes, { deps });
  await app.register(learningLearnerRoutes, { deps });
  await app.register(learningAppRoutes, { deps });
  await app.register(learningTokenRoutes, { deps });

  app.get(
    '/v1/learning/action-weights',
    {
      config: { access: 'read', app: 'query', refusal: 'read the action weights of app' },
      schema: {
        summary: "An app's current action weights",
        operationId: 'getActionWeights',
        tags: ['learning'],
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Answer, ...errorResponses(400) },
      },
    },
    async (req) => {
      const c = await currentComputation(deps.store, req.query.app_id);
      if (!c) return { weights: [], computed_at: null, computed_for: null, calculation_version: null, inputs: null };
      return {
        weights: c.weights.map((w) => ({ action_type: w.actionType, weight: w.weight, avg_reward: w.avgReward, n: w.n })),
        computed_at: new Date(c.computedAtMs).toISOString(),
        computed_for: new Date(c.computedForMs).toISOString(),
        calculation_version: c.calculationVersion,
        inputs: { concept_events: c.conceptEvents, actions: c.actions, matched: c.matched, lookback_days: c.lookbackDays, temperature: c.temperature },
      };
    },
  );
};
