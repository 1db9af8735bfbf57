// GET /v1/events: one app's raw events, newest first, filtered, with a total and a cursor.

import { Type } from 'typebox';
import { listEvents, resolveTimeRange } from '../../query/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';

const Query = Type.Object(
  {
    app_id: AppId,
    event_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'inclusive; ISO time or relative like -7d (default: 30 days before `to`)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'exclusive; ISO time or relative (default: now)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const eventRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/events',
    {
      config: { access: 'read', app: 'query', question: true },
      schema: {
        summary: "List an app's events",
        operationId: 'listEvents',
        tags: ['query'],
        querystring: Query,
        response: {
          200: Type.Object({ total: Type.Integer(), events: Type.Array(Type.Record(Type.String(), Type.Unknown())), next_cursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 422),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const range = resolveTimeRange(q.from, q.to, Date.now(), 3650);
      return listEvents(deps.store, { appId: q.app_id, range, eventName: q.event_name, userId: q.user_id, limit: q.limit ?? 100, cursor: q.cursor });
    },
  );
};
