// Materialized properties (admin token): event properties the store keeps in columns of their own,
// so breakdowns, filters and experiments on them skip parsing each event's JSON (docs/storage.md).
//   GET    /v1/properties/materialized             the list, whether each backfill has finished, and
//                                                   the properties questions read most from the JSON
//   POST   /v1/properties/materialized { property } keep one in a column (201 new, 200 already kept)
//   DELETE /v1/properties/materialized/{property}  read it from the JSON again; its column is dropped
// Answers never change with these: only how fast they come.

import { Type } from 'typebox';
import { dropMaterializedProperty, listMaterializedProperties, LOW_CARDINALITY_MAX_VALUES, materializeProperty, MAX_PROPERTY_KEY_LENGTH } from '../../query/index.ts';
import { BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const PropertyKey = Type.String({ minLength: 1, maxLength: MAX_PROPERTY_KEY_LENGTH, description: 'an event property key' });
const MaterializedView = Type.Object({
  property: Type.String(),
  column: Type.String({ description: "the store's column (mp_ and a hash of the key)" }),
  low_cardinality: Type.Boolean({ description: 'a dictionary-encoded column (chosen when the property has few distinct values)' }),
  backfilled: Type.Boolean({ description: 'stored events have the column written; until then older parts compute it as they are read' }),
});

const Suggestion = Type.Object({
  property: Type.String(),
  reads: Type.Integer({ description: 'reads of it from the JSON text in the SQL of questions since this process started' }),
});
const MAX_SUGGESTIONS = 10;

export const propertyRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/properties/materialized',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Properties kept in columns of their own, and the ones questions read most from the JSON (admin token)',
        operationId: 'listMaterializedProperties',
        tags: ['admin'],
        response: { 200: Type.Object({ properties: Type.Array(MaterializedView), suggestions: Type.Array(Suggestion) }), ...errorResponses() },
      },
    },
    async () => ({ properties: await listMaterializedProperties(deps.store), suggestions: deps.store.propertyColumns.mostRead(MAX_SUGGESTIONS) }),
  );

  app.post(
    '/v1/properties/materialized',
    {
      config: { access: 'admin', audit: 'property_materialize' },
      schema: {
        summary: 'Keep a property in a column of its own (admin token)',
        operationId: 'materializeProperty',
        description: 'New events get the column as they are written; stored events are rewritten in the background (`backfilled`). Idempotent.',
        tags: ['admin'],
        body: Type.Object(
          {
            property: PropertyKey,
            low_cardinality: Type.Optional(Type.Boolean({ description: `dictionary-encode the column; default: when up to a million stored events that have it hold at most ${LOW_CARDINALITY_MAX_VALUES} distinct values` })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MaterializedView, 201: MaterializedView, ...errorResponses(...BODY_ERRORS, 409) },
      },
    },
    async (req, reply) => {
      const { created, property } = await materializeProperty(deps.store, req.body.property, { lowCardinality: req.body.low_cardinality });
      return reply.code(created ? 201 : 200).send(property);
    },
  );

  app.delete(
    '/v1/properties/materialized/:property',
    {
      config: { access: 'admin', audit: 'property_unmaterialize' },
      schema: {
        summary: 'Read a property from the JSON text again and drop its column (admin token)',
        operationId: 'dropMaterializedProperty',
        tags: ['admin'],
        params: Type.Object({ property: PropertyKey }, { additionalProperties: false }),
        response: { 200: Type.Object({ deleted: Type.Literal(true), property: Type.String() }), ...errorResponses(400, 404, 409) },
      },
    },
    async (req) => {
      await dropMaterializedProperty(deps.store, req.params.property);
      return { deleted: true as const, property: req.params.property };
    },
  );
};
