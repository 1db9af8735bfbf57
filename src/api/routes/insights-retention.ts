// POST /v1/insights/retention: cohorts by first start event and their returns per period (see
// src/query/retention.ts for the definitions).

import { Type } from 'typebox';
import { RetentionSpecSchema, retention } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Cohort = Type.Object({
  cohort: Type.String({ description: 'period start (local midnight in the timezone, as an ISO instant), or the property value with cohort_by' }),
  cohort_date: Type.Optional(Type.String({ description: 'period start as a local date' })),
  is_other: Type.Optional(Type.Boolean()),
  size: Type.Integer(),
  values: Type.Array(Type.Integer(), { description: 'values[k]: cohort users with a return event in the k-th period after the cohort\'s (k = 0: the same period)' }),
  percentages: Type.Array(Type.Number(), { description: '100 * values[k] / size' }),
  periods_observed: Type.Optional(Type.Integer({ description: 'periods of this cohort starting before `to` (later ones read 0)' })),
});
const Answer = Type.Object({
  app_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  period: Type.String(),
  periods: Type.Integer(),
  timezone: Type.String(),
  cohorts: Type.Array(Cohort),
});

export const retentionRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/retention',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Retention: cohorts by first start event, returns per day/week/month',
        operationId: 'getRetention',
        description:
          "A user's cohort is the period (in the timezone; weeks start Monday) of their first start_event in [from, to). " +
          'Return events count inside [from, to) only. filters and segment apply to both events; start_filters/return_filters to one.',
        tags: ['insights'],
        body: RetentionSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return retention(deps.store, spec);
    },
  );
};
