// The schema registry over HTTP: PUT/GET /v1/schemas/{event_name}?app_id= (register a version;
// current version and history), GET /v1/schemas?app_id= (an app's current schemas and mode), and
// GET/PUT /v1/apps/{app_id}/settings (the validation mode: off | warn | enforce). Read keys (server-
// side secrets) and the admin token change schemas and modes; read keys, write keys and the admin
// token read them.

import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import { CATEGORIES, SCHEMA_MODES, type SchemaVersion } from '../../event/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';
import { callerId } from '../route-access.ts';

const EventName = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const Mode = Type.Union(SCHEMA_MODES.map((m) => Type.Literal(m)));

const SchemaVersionBody = Type.Object({
  app_id: Type.String(),
  event_name: Type.String(),
  version: Type.Integer({ description: 'starts at 1; every change adds a version, versions are never changed' }),
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft 2020-12) of the properties' }),
  category: Type.String({ description: "overrides the name-based category (retention); '' = none" }),
  description: Type.String(),
  owner: Type.String(),
  created_at: Type.String(),
  created_by: Type.String({ description: "'admin' or the id of the key that registered it" }),
});

const PutBody = Type.Object(
  {
    schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft 2020-12) for the event\'s properties; the root is { "type": "object" }' }),
    category: Type.Optional(Type.Union([Type.Literal(''), ...CATEGORIES.map((c) => Type.Literal(c))])),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const AppQuery = Type.Object({ app_id: AppId }, { additionalProperties: false });
const NameParams = Type.Object({ event_name: EventName });
const AppParams = Type.Object({ app_id: AppId });
const Settings = Type.Object({ app_id: Type.String(), schema_mode: Mode });

export function toWire(v: SchemaVersion): Static<typeof SchemaVersionBody> {
  return {
    app_id: v.appId,
    event_name: v.eventName,
    version: v.version,
    schema: v.schema,
    category: v.category,
    description: v.description,
    owner: v.owner,
    created_at: v.createdAt,
    created_by: v.createdBy,
  };
}

export const schemaRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, apps, schemas } = deps;

  function knownApp(appId: string): void {
    if (!apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
  }

  app.put(
    '/v1/schemas/:event_name',
    {
      bodyLimit: 1024 * 1024,
      config: { access: 'read', app: 'query', refusal: 'register schemas of app' },
      schema: {
        summary: "Register a version of an event's properties schema",
        description: 'Admin token or a read key of the app. An unchanged schema (same schema, category, description, owner) adds no version and answers 200; a new version answers 201.',
        operationId: 'registerSchema',
        tags: ['schemas'],
        params: NameParams,
        querystring: AppQuery,
        body: PutBody,
        response: { 200: SchemaVersionBody, 201: SchemaVersionBody, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (req, reply) => {
      const { event_name: eventName } = req.params;
      const { app_id: appId } = req.query;
      knownApp(appId);
      const body = req.body;
      const { version, created } = await schemas.put(appId, eventName, body, callerId(auth.caller(req)));
      return reply.code(created ? 201 : 200).send(toWire(version));
    },
  );

  app.get(
    '/v1/schemas/:event_name',
    {
      config: { access: 'read_or_write', app: 'query', refusal: 'read schemas of app' },
      schema: {
        summary: "An event's current schema and its version history (newest first)",
        operationId: 'getSchema',
        tags: ['schemas'],
        params: NameParams,
        querystring: AppQuery,
        response: { 200: Type.Object({ current: SchemaVersionBody, versions: Type.Array(SchemaVersionBody) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { event_name: eventName } = req.params;
      const { app_id: appId } = req.query;
      const versions = await schemas.history(appId, eventName);
      if (versions.length === 0) throw new TallyError('TALLY_ERR_SCHEMA_UNKNOWN', [eventName.slice(0, 100), appId]);
      return { current: toWire(versions[0]), versions: versions.map(toWire) };
    },
  );

  app.get(
    '/v1/schemas',
    {
      config: { access: 'read_or_write', app: 'query', refusal: 'read schemas of app' },
      schema: {
        summary: "An app's current schemas (one per event) and its validation mode",
        operationId: 'listSchemas',
        tags: ['schemas'],
        querystring: AppQuery,
        response: { 200: Type.Object({ app_id: Type.String(), schema_mode: Mode, schemas: Type.Array(SchemaVersionBody) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { app_id: appId } = req.query;
      knownApp(appId);
      return { app_id: appId, schema_mode: schemas.mode(appId), schemas: schemas.list(appId).map(toWire) };
    },
  );

  app.get(
    '/v1/apps/:app_id/settings',
    {
      config: { access: 'read_or_write', app: 'params', refusal: 'read settings of app' },
      schema: {
        summary: "An app's settings (schema validation mode)",
        operationId: 'getAppSettings',
        tags: ['schemas'],
        params: AppParams,
        response: { 200: Settings, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { app_id: appId } = req.params;
      knownApp(appId);
      return { app_id: appId, schema_mode: schemas.mode(appId) };
    },
  );

  app.put(
    '/v1/apps/:app_id/settings',
    {
      config: { access: 'read', app: 'params', refusal: 'change settings of app' },
      schema: {
        summary: "Change an app's settings",
        description: 'schema_mode: off (no validation), warn (accept mismatches and count them), enforce (reject and quarantine them). Admin token or a read key of the app.',
        operationId: 'updateAppSettings',
        tags: ['schemas'],
        params: AppParams,
        body: Type.Object({ schema_mode: Mode }, { additionalProperties: false }),
        response: { 200: Settings, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (req) => {
      const { app_id: appId } = req.params;
      knownApp(appId);
      const { schema_mode: mode } = req.body;
      await schemas.setMode(appId, mode);
      return { app_id: appId, schema_mode: mode };
    },
  );
};
