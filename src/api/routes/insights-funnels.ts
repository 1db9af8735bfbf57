// POST /v1/insights/funnels and /v1/insights/funnels/dropped: step conversion of a funnel, and the
// users who dropped at a step (see src/query/funnel-attempts.ts for the definitions).

import { Type } from 'typebox';
import { FunnelDroppedSpecSchema, FunnelSpecSchema, funnelDroppedUsers, funnels } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Ms = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const Step = Type.Object({
  event: Type.String(),
  count: Type.Integer({ description: 'users whose best attempt reached this step' }),
  conversion_from_first: Type.Number(),
  conversion_from_previous: Type.Number(),
  drop_off: Type.Integer({ description: 'users who reached the previous step but not this one' }),
  drop_off_rate: Type.Number(),
  median_time_to_convert_ms: Ms('from the first step of the best attempt; null for step 1'),
  p90_time_to_convert_ms: Ms('from the first step of the best attempt; null for step 1'),
  median_time_from_previous_ms: Ms('from the previous step'),
  p90_time_from_previous_ms: Ms('from the previous step'),
});
const Answer = Type.Object({
  app_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  window_ms: Type.Integer(),
  order: Type.String(),
  steps: Type.Array(Step),
  breakdown: Type.Optional(Type.Array(Type.Object({ breakdown_value: Type.String(), is_other: Type.Optional(Type.Boolean()), steps: Type.Array(Step) }))),
});
const DroppedAnswer = Type.Object({
  dropped_at_step: Type.Integer(),
  event: Type.String(),
  next_event: Type.String(),
  total: Type.Integer(),
  users: Type.Array(Type.Object({ user_id: Type.String(), started_at: Type.String(), reached_at: Type.String() })),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
const DEFINITIONS =
  'An attempt starts at a step-1 event inside [from, to); every step is at most `window` after it (inclusive; later steps may fall past `to`). ' +
  'ordered: steps in order, other events may come between, each event fills one step; strict: steps are consecutive events of the user; any: steps in any order. ' +
  'Events in the same millisecond are taken in step order. Each user counts once, with their best attempt (deepest; among those the one starting last), which gives the times to convert and the breakdown value (read on its first event).';

export const funnelRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/funnels',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Funnels: users through 2-10 steps within a conversion window',
        operationId: 'getFunnel',
        description: DEFINITIONS + ' Time quantiles interpolate between ranks (median of 1,2,3,4 = 2.5).',
        tags: ['insights'],
        body: FunnelSpecSchema,
        response: { 200: Answer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return funnels(deps.store, spec);
    },
  );

  app.post(
    '/v1/insights/funnels/dropped',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Funnels: the users who reached a step but not the next one (paged by user_id)',
        operationId: 'listFunnelDropOffs',
        description: DEFINITIONS,
        tags: ['insights'],
        body: FunnelDroppedSpecSchema,
        response: { 200: DroppedAnswer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const spec = req.body;
      return funnelDroppedUsers(deps.store, spec);
    },
  );
};
