// POST /v1/apps (admin): create an app and its first write and read keys; GET /v1/apps lists apps.

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

export const appRoutes: RouteGroup = async (app, { deps }) => {
  const { apps } = deps;

  app.post(
    '/v1/apps',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create an app (admin token)',
        operationId: 'createApp',
        tags: ['admin'],
        body: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: {
          201: Type.Object({ app_id: Type.String(), write_key: Type.String(), read_key: Type.String() }),
          ...errorResponses(...BODY_ERRORS, 409),
        },
      },
    },
    async (req, reply) => {
      const { app_id: appId } = req.body;
      if (apps.has(appId)) throw new TallyError('TALLY_ERR_APP_EXISTS', [appId]);
      const created = await apps.create(appId);
      return reply.code(201).send({ app_id: created.appId, write_key: created.writeKey, read_key: created.readKey });
    },
  );

  app.get(
    '/v1/apps',
    { config: { access: 'admin' }, schema: { summary: 'List apps (admin token)', operationId: 'listApps', tags: ['admin'], response: { 200: Type.Object({ apps: Type.Array(Type.String()) }), ...errorResponses() } } },
    async () => {
      return { apps: apps.list() };
    },
  );
};
