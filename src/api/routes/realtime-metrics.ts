// GET /v1/metrics/realtime: seed 004's "Real-Time Metrics" query — an app's cached metrics that
// have not expired (platform_metrics_realtime), newest first. Computing them is the report's job
// (POST /v1/report dashboard_metrics); this route only reads the cache.

import { Type } from 'typebox';
import type { RealtimeMetrics } from '../../query/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';

export const realtimeMetricsRoutes: RouteGroup<{ readonly metrics: RealtimeMetrics }> = async (app, { metrics }) => {
  app.get(
    '/v1/metrics/realtime',
    {
      config: { access: 'read', app: 'query', question: true },
      schema: {
        summary: "An app's unexpired cached metrics",
        operationId: 'listRealtimeMetrics',
        tags: ['query'],
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            metrics: Type.Array(Type.Object({ metric_key: Type.String(), metric_value: Type.Unknown(), calculated_at: Type.String(), expires_at: Type.String() })),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => ({ metrics: await metrics.list(req.query.app_id) }),
  );
};
