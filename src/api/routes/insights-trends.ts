// POST /v1/insights/trends: series of event measures per time bucket (see src/query/trends.ts).

import { Type } from 'typebox';
import { TrendsSpecSchema, trends } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Point = Type.Object({ t: Type.String({ description: 'bucket start, ISO UTC instant' }), value: Type.Number() });
const Series = Type.Object({
  label: Type.String(),
  event: Type.String(),
  math: Type.String(),
  breakdown_value: Type.Optional(Type.String({ description: "'$other' on the series of every value outside the top N" })),
  is_other: Type.Optional(Type.Boolean()),
  compare: Type.Optional(Type.Literal('previous')),
  error_bound: Type.Optional(
    Type.Object({ relative_standard_error: Type.Number(), method: Type.String() }, { description: 'unique_users_approx: each value is within about ±2 relative standard errors with 95% confidence' }),
  ),
  points: Type.Array(Point),
});
const Answer = Type.Object({ from: Type.String(), to: Type.String(), interval: Type.String(), timezone: Type.String(), series: Type.Array(Series) });

export const trendsRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/trends',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Trends: event measures per time bucket, with breakdown and comparison',
        operationId: 'getTrends',
        description:
          'math: count, unique_users (exact), unique_users_approx (HyperLogLog, answers carry error_bound), unique_sessions, sum/avg/min/max/p50/p90/p99 of a numeric property. ' +
          'Buckets minute/hour/day/week (Monday)/month in the timezone, every bucket present (empty = 0), at most 5000 per series.',
        tags: ['insights'],
        body: TrendsSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return trends(deps.store, spec);
    },
  );
};
