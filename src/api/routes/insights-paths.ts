// POST /v1/insights/paths: the most frequent event sequences after (or before) a start event (see
// src/query/paths.ts for the definitions).

import { Type } from 'typebox';
import { PathsSpecSchema, paths } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Path = Type.Object({
  path: Type.Array(Type.String(), { description: 'events after the start event (nearest first for previous)' }),
  users: Type.Integer(),
  events: Type.Integer({ description: 'start occurrences followed (or preceded) by this sequence' }),
});
const Answer = Type.Object({
  app_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  start_event: Type.String(),
  direction: Type.String(),
  starts: Type.Object({ events: Type.Integer(), users: Type.Integer() }),
  depths: Type.Array(Type.Object({ depth: Type.Integer(), paths: Type.Array(Path) })),
});

export const pathRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/paths',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Paths: most frequent next (or previous) events after a start event',
        operationId: 'getPaths',
        description:
          'Each start_event occurrence in [from, to) starts a path of the next (previous) `depth` events of the user in the range (inside its session with session_scoped). ' +
          'Per depth d, the `limit` most frequent first-d-event sequences with their occurrences and users.',
        tags: ['insights'],
        body: PathsSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return paths(deps.store, spec);
    },
  );
};
