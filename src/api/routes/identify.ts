// User profiles over HTTP: POST /v1/identify sets traits of one user of one app (a write key of
// the app, or the admin token), versioned by the time it names; GET /v1/profiles/{user_id} reads
// the profile (its traits now and every version). Events of the user are enriched with the
// `role` trait and the tenure since `created_at` (docs/enrichment.md).

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import type { People } from '../../people/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const UserId = Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

const IdentifyBody = Type.Object(
  {
    app_id: AppId,
    user_id: UserId,
    traits: Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
      maxProperties: 256,
      description: "traits to set; a null value unsets one. `role` (string) and `created_at` (ISO time or epoch ms) feed the events' user_role and user_tenure_days",
    }),
    timestamp: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Integer()], { description: 'when the traits became true (default now); at most a day ahead' })),
  },
  { additionalProperties: false },
);

const Profile = Type.Object({
  app_id: Type.String(),
  user_id: Type.String(),
  traits: Type.Record(Type.String(), Type.Unknown(), { description: 'the traits now: every version merged in time order' }),
  first_set_at: Type.String(),
  last_set_at: Type.String(),
  versions: Type.Array(Type.Object({ set_at: Type.String(), traits: Type.Record(Type.String(), Type.Unknown()) }), { description: 'oldest first; the latest 1000' }),
});

export const identifyRoutes: RouteGroup<{ readonly people: People }> = async (app, { deps, people }) => {
  app.post(
    '/v1/identify',
    {
      config: { access: 'write', app: 'body' },
      schema: {
        summary: 'Set traits of a user',
        operationId: 'identify',
        description: 'Writes one version of the user\'s profile: the traits sent, at `timestamp`. Answers once stored; events of the user ingested afterwards are enriched with the new traits.',
        tags: ['ingest'],
        body: IdentifyBody,
        response: { 200: Type.Object({ app_id: Type.String(), user_id: Type.String(), set_at: Type.String() }), ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (req) => {
      const { app_id: appId, user_id: userId, traits, timestamp } = req.body;
      if (!deps.apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
      const { setAtMs } = await people.identify(appId, userId, traits, timestamp);
      return { app_id: appId, user_id: userId, set_at: new Date(setAtMs).toISOString() };
    },
  );

  app.get(
    '/v1/profiles/:user_id',
    {
      config: { access: 'read', app: 'query', question: true },
      schema: {
        summary: "A user's profile",
        operationId: 'getProfile',
        tags: ['query'],
        params: Type.Object({ user_id: UserId }, { additionalProperties: false }),
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Profile, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const profile = await people.profiles.get(req.query.app_id, req.params.user_id);
      if (!profile) throw new TallyError('TALLY_ERR_PROFILE_NOT_FOUND', [req.params.user_id.slice(0, 64), req.query.app_id]);
      return profile;
    },
  );
};
