// POST /v1/insights/aggregations: hourly/daily/weekly totals per category and event name, served
// from the rollup kept by a materialized view (see src/query/aggregations.ts, docs/rollups.md).

import { Type } from 'typebox';
import { AggregationsSpecSchema, aggregations } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Row = Type.Object({
  bucket: Type.String({ description: 'bucket start, ISO UTC instant' }),
  category: Type.String(),
  event_name: Type.String(),
  events: Type.Integer(),
  unique_users: Type.Integer({ description: 'exact' }),
  unique_users_approx: Type.Integer({ description: 'uniq (adaptive sampling); exact for small sets' }),
  revenue: Type.Number({ description: 'sum of the numeric revenue property' }),
});
const Answer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  granularity: Type.String(),
  timezone: Type.String(),
  source: Type.Union([Type.Literal('rollup'), Type.Literal('events')]),
  rows: Type.Array(Row),
});

export const aggregationsRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/aggregations',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Aggregations: events and distinct users per bucket, category and event name',
        operationId: 'getAggregations',
        description: 'Read from the hourly rollup (AggregatingMergeTree kept by a materialized view); equal to the same question over raw events. With a segment, read from raw events.',
        tags: ['insights'],
        body: AggregationsSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return aggregations(deps.store, spec);
    },
  );
};
