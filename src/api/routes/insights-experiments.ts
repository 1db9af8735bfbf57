// POST /v1/insights/experiments: A/B/n results with significance, sample-ratio check, Bayesian
// probability to be best and an optional always-valid sequential test (see
// src/query/experiments.ts and src/query/stats/experiment-analysis.ts for the definitions). The
// statistics run on this app's analysis pool (worker threads, started on first use), which closes
// with the app: nothing heavy runs on the event loop.

import { Type } from 'typebox';
import { ExperimentSpecSchema, createAnalysisPool, experiments, type AnalysisPool } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Num = Type.Number();
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
// [low, high]; a plain array of two (not a tuple) reads the same in OpenAPI 3.0 and 3.1
const Interval = Type.Union([Type.Array(Num, { minItems: 2, maxItems: 2 }), Type.Null()]);
const Comparison = Type.Object(
  {
    diff: Num,
    diff_ci: Interval,
    lift: NumOrNull,
    lift_ci: Interval,
    statistic: Type.Number({ description: 'z (conversion) or t (continuous)' }),
    df: Type.Optional(Num),
    p_value: Num,
    p_value_adjusted: Type.Number({ description: 'Holm-adjusted with more than one treatment' }),
    sequential_p_value: Type.Optional(Type.Number({ description: 'always-valid (mSPRT)' })),
    significant: Type.Boolean(),
  },
  { description: 'this variant against the control' },
);
const Variant = Type.Object({
  variant: Type.String(),
  is_control: Type.Boolean(),
  users: Type.Integer(),
  conversions: Type.Integer(),
  rate: Num,
  mean: Type.Optional(Num),
  stddev: Type.Optional(Num),
  total: Type.Optional(Num),
  expected_share: Type.Optional(Num),
  probability_best: Num,
  comparison: Type.Optional(Comparison),
});
const Answer = Type.Object({
  app_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  variant_property: Type.String(),
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_enough_data')]),
  reasons: Type.Array(Type.String()),
  metric: Type.String(),
  test: Type.String(),
  correction: Type.String(),
  control: Type.Union([Type.String(), Type.Null()]),
  confidence_level: Num,
  variants: Type.Array(Variant),
  p_value: NumOrNull,
  significant: Type.Boolean(),
  srm: Type.Object({ chi_square: NumOrNull, df: Type.Integer(), p_value: Num, mismatch: Type.Boolean(), expected: Type.Record(Type.String(), Num) }),
  sequential: Type.Optional(Type.Object({ method: Type.String(), tau: Num, looks: Type.Integer(), p_value: NumOrNull, significant: Type.Boolean() })),
});

export const experimentRoutes: RouteGroup<{ readonly pool?: AnalysisPool }> = async (app, { deps, pool = createAnalysisPool() }) => {
  app.addHook('onClose', () => pool.close());
  app.post(
    '/v1/insights/experiments',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Experiments: A/B/n conversion or continuous metrics with significance',
        operationId: 'getExperimentResults',
        description:
          "A user's variant is the first value of variant_property on their events (or exposure events) in [from, to); conversions = users with a goal event in range. " +
          'Conversion: pooled two-proportion z-test, Wald interval of the difference, Katz interval of the lift. Continuous (per-user sum of a property): Welch t-test. ' +
          'More than two variants: each against the control (control, or the first alphabetically), Holm-adjusted. SRM: chi-square against expected_split (mismatch when p < 0.001). ' +
          'probability_best from Beta(1+conversions, 1+users-conversions) (or normal) posteriors by numeric integration. ' +
          'status not_enough_data when a variant has fewer than min_users_per_variant users (100) or min_conversions_per_variant conversions (5). ' +
          'sequential: mSPRT always-valid p-values over daily looks (mixing N(0, (tau*sigma)^2), tau 0.1).',
        tags: ['insights'],
        body: ExperimentSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422, 503) },
      },
    },
    async (req) => {
      const spec = req.body;
      return experiments(deps.store, spec, pool);
    },
  );
};
