// Keys of an app (admin token): list, create, rotate, revoke under /v1/apps/{app_id}/keys. Secrets
// are answered once, at creation and rotation; listings show ids, kinds, grants and state only.

import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import type { KeyInfo } from '../../access/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const KeyView = Type.Object({
  key_id: Type.String(),
  app_id: Type.String(),
  kind: Type.Union([Type.Literal('read'), Type.Literal('write')]),
  app_ids: Type.Array(Type.String(), { description: 'apps the key may act on' }),
  name: Type.String(),
  rate_per_second: Type.Integer({ description: '0 = the configured default of its kind' }),
  created_at: Type.String(),
  rotated_at: Type.Union([Type.String(), Type.Null()]),
  revoked: Type.Boolean(),
});

const NewKeyView = Type.Intersect([KeyView, Type.Object({ key: Type.String({ description: 'the secret: shown once' }) })]);

const Params = Type.Object({ app_id: AppId }, { additionalProperties: false });
const KeyParams = Type.Object({ app_id: AppId, key_id: Type.String({ pattern: '^[0-9a-f]{12}$' }) }, { additionalProperties: false });

function view(k: KeyInfo): Static<typeof KeyView> {
  return {
    key_id: k.keyId,
    app_id: k.appId,
    kind: k.kind,
    app_ids: [...k.appIds],
    name: k.name,
    rate_per_second: k.ratePerSecond,
    created_at: k.createdAt,
    rotated_at: k.rotatedAt,
    revoked: k.revoked,
  };
}

export const keyRoutes: RouteGroup = async (app, { deps }) => {
  const { apps, trust } = deps;
  const requireApp = (appId: string) => {
    if (!apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
  };
  const errors = errorResponses(400, 404);

  app.get(
    '/v1/apps/:app_id/keys',
    { config: { access: 'admin', audit: 'key_list' }, schema: { summary: "List an app's keys (admin token)", operationId: 'listKeys', tags: ['admin'], params: Params, response: { 200: Type.Object({ keys: Type.Array(KeyView) }), ...errors } } },
    async (req) => {
      const { app_id: appId } = req.params;
      requireApp(appId);
      return { keys: (await trust.keys.list(appId)).map(view) };
    },
  );

  app.post(
    '/v1/apps/:app_id/keys',
    {
      config: { access: 'admin', audit: 'key_create' },
      schema: {
        summary: 'Create a key (admin token)',
        operationId: 'createKey',
        description: 'A write key ingests into this app; a read key reads this app and any listed in `grant_app_ids`.',
        tags: ['admin'],
        params: Params,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('read'), Type.Literal('write')]),
            grant_app_ids: Type.Optional(Type.Array(AppId, { maxItems: 100, description: 'read keys only: more apps to read' })),
            name: Type.Optional(Type.String({ maxLength: 128 })),
            rate_per_second: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'own rate limit; 0 = default' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: NewKeyView, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (req, reply) => {
      const { app_id: appId } = req.params;
      const body = req.body;
      requireApp(appId);
      if (body.kind === 'write' && body.grant_app_ids && body.grant_app_ids.length > 0) {
        throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['a write key ingests into exactly one app: grant_app_ids is for read keys']);
      }
      for (const id of body.grant_app_ids ?? []) requireApp(id);
      const created = await trust.keys.create(appId, { kind: body.kind, extraAppIds: body.grant_app_ids, name: body.name, ratePerSecond: body.rate_per_second });
      return reply.code(201).send({ ...view(created.info), key: created.secret });
    },
  );

  app.post(
    '/v1/apps/:app_id/keys/:key_id/rotate',
    { config: { access: 'admin', audit: 'key_rotate' }, schema: { summary: 'Rotate a key: new secret, same id; the old secret stops working (admin token)', operationId: 'rotateKey', tags: ['admin'], params: KeyParams, response: { 200: NewKeyView, ...errors } } },
    async (req) => {
      const { app_id: appId, key_id: keyId } = req.params;
      requireApp(appId);
      const rotated = await trust.keys.rotate(appId, keyId);
      if (!rotated) throw new TallyError('TALLY_ERR_KEY_UNKNOWN', [keyId, appId]);
      return { ...view(rotated.info), key: rotated.secret };
    },
  );

  app.delete(
    '/v1/apps/:app_id/keys/:key_id',
    { config: { access: 'admin', audit: 'key_revoke' }, schema: { summary: 'Revoke a key (admin token)', operationId: 'revokeKey', tags: ['admin'], params: KeyParams, response: { 200: KeyView, ...errors } } },
    async (req) => {
      const { app_id: appId, key_id: keyId } = req.params;
      requireApp(appId);
      const revoked = await trust.keys.revoke(appId, keyId);
      if (!revoked) throw new TallyError('TALLY_ERR_KEY_UNKNOWN', [keyId, appId]);
      trust.rateLimiter.reset(keyId);
      return view(revoked);
    },
  );
};
