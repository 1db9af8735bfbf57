// Segments: POST /v1/insights/segments lists the members of a built-in, saved or inline segment;
// PUT/GET/DELETE /v1/segments/{name}?app_id= keep custom segments by name (GET /v1/segments?app_id=
// lists them). Saving needs the app's read key or the admin token: a segment is a question about
// the data, never a change to it, and write keys (embedded in clients) must not define questions.

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import {
  CustomSegmentSchema,
  ParamBag,
  SegmentName,
  SegmentRefSchema,
  compileSegment,
  deleteSavedSegment,
  getSavedSegment,
  listSavedSegments,
  listSegmentMembers,
  saveSegment,
} from '../../query/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const MembersBody = Type.Object(
  {
    app_id: AppId,
    segment: SegmentRefSchema,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
const Member = Type.Object({ user_id: Type.String() }, { additionalProperties: true, description: 'per kind: first_seen/last_seen/events_in_range…, active_days/events, score/recency/frequency_drop/monetary_drop…, events' });
const MembersAnswer = Type.Object({
  kind: Type.String(),
  from: Type.String({ description: 'the window the segment was computed over' }),
  to: Type.String(),
  size: Type.Integer(),
  threshold: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'power_users: the percentile cut-off' })),
  members: Type.Array(Member),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
const Saved = Type.Object({ name: Type.String(), definition: CustomSegmentSchema, updated_at: Type.String() });
const AppQuery = Type.Object({ app_id: AppId }, { additionalProperties: false });
const NameParams = Type.Object({ name: SegmentName });

export const segmentRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/insights/segments',
    {
      config: { access: 'read', app: 'body', question: true, cache: true },
      schema: {
        summary: 'Segment members: lifecycle, power users, churn risk, saved or inline custom segments',
        operationId: 'listSegmentMembers',
        description: 'Definitions in docs/segments.md. Members are ordered by user_id and paged with next_cursor.',
        tags: ['insights'],
        body: MembersBody,
        response: { 200: MembersAnswer, ...errorResponses(...BODY_ERRORS, 404, 422) },
      },
    },
    async (req) => {
      const b = req.body;
      return listSegmentMembers(deps.store, { appId: b.app_id, segment: b.segment, limit: b.limit ?? 100, cursor: b.cursor });
    },
  );

  app.put(
    '/v1/segments/:name',
    {
      config: { access: 'read', app: 'query' },
      schema: {
        summary: 'Save a custom segment by name (replaces one of the same name)',
        operationId: 'saveSegment',
        tags: ['segments'],
        params: NameParams,
        querystring: AppQuery,
        body: CustomSegmentSchema,
        response: { 200: Saved, ...errorResponses(...BODY_ERRORS) },
      },
    },
    async (req) => {
      const { name } = req.params;
      const { app_id } = req.query;
      const definition = req.body;
      compileSegment({ custom: definition }, app_id, new ParamBag()); // rejects bad filters and times now, not at use
      return saveSegment(deps.store, app_id, name, definition);
    },
  );

  app.get(
    '/v1/segments/:name',
    {
      config: { access: 'read', app: 'query' },
      schema: { summary: 'A saved segment', operationId: 'getSegment', tags: ['segments'], params: NameParams, querystring: AppQuery, response: { 200: Saved, ...errorResponses(400, 404) } },
    },
    async (req) => {
      const { name } = req.params;
      const { app_id } = req.query;
      return getSavedSegment(deps.store, app_id, name);
    },
  );

  app.get(
    '/v1/segments',
    { config: { access: 'read', app: 'query' }, schema: { summary: "An app's saved segments", operationId: 'listSegments', tags: ['segments'], querystring: AppQuery, response: { 200: Type.Object({ segments: Type.Array(Saved) }), ...errorResponses(400) } } },
    async (req) => {
      const { app_id } = req.query;
      return { segments: await listSavedSegments(deps.store, app_id) };
    },
  );

  app.delete(
    '/v1/segments/:name',
    {
      config: { access: 'read', app: 'query' },
      schema: {
        summary: 'Delete a saved segment',
        operationId: 'deleteSegment',
        tags: ['segments'],
        params: NameParams,
        querystring: AppQuery,
        response: { 200: Type.Object({ deleted: Type.Literal(true), name: Type.String() }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { name } = req.params;
      const { app_id } = req.query;
      if (!(await deleteSavedSegment(deps.store, app_id, name))) throw new TallyError('TALLY_ERR_SEGMENT_UNKNOWN', [name]);
      return { deleted: true as const, name };
    },
  );
};
