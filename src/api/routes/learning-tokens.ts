// POST /v1/learning/tokens: an app's backend (its read key, or the admin token) mints a short-lived
// learner token for one of its users, which the learner's browser or app then uses to read that
// user's own /v1/learning/users/{user_id}/… views and nothing else (src/learning/learner-token.ts).

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS } from '../../learning/index.ts';
import { callerId } from '../route-access.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

export const learningTokenRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/learning/tokens',
    {
      config: { access: 'read', app: 'body', refusal: 'mint learner tokens of app' },
      schema: {
        summary: "Mint a learner token: reads only this user's learner views of this app, until it expires",
        operationId: 'createLearnerToken',
        tags: ['learning'],
        body: Type.Object(
          {
            app_id: AppId,
            user_id: Type.String({ minLength: 1, maxLength: 200 }),
            ttl_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TTL_SECONDS, default: DEFAULT_TTL_SECONDS, description: `lifetime in seconds (default ${DEFAULT_TTL_SECONDS}, at most ${MAX_TTL_SECONDS})` })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String({ description: 'a bearer token: Authorization: Bearer <token>' }), expires_at: Type.String(), user_id: Type.String(), app_id: Type.String() }),
          ...errorResponses(...BODY_ERRORS),
        },
      },
    },
    async (req, reply) => {
      const tokens = deps.auth.learnerTokens;
      if (!tokens) throw new TallyError('TALLY_ERR_INTERNAL');
      const { app_id: appId, user_id: userId } = req.body;
      const minted = tokens.mint(appId, userId, req.body.ttl_seconds ?? DEFAULT_TTL_SECONDS, callerId(deps.auth.caller(req)));
      reply.code(201);
      return { token: minted.token, expires_at: new Date(minted.expiresAtMs).toISOString(), user_id: userId, app_id: appId };
    },
  );
};
