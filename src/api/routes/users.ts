// GDPR routes. DELETE /v1/users/{user_id}?app_id= erases a user; POST .../anonymize replaces the
// user's identity in every row (seed 004 semantics); both are admin-only (write keys live in
// browsers), answer 202 with a receipt and run in the background; GET /v1/erasures/{id} tells what
// was removed and whether it is complete. GET .../export streams everything about the user as
// NDJSON (admin, or a read key of the app). Both act on the person: the id named and every id
// linked to it by identify/alias (src/privacy/person-ids.ts, docs/people.md). Audit rows keep a hash
// of the user id, never the id.

import { Readable } from 'node:stream';
import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import { discoverUserTables, exportPersonRows, personIds, type ErasureReceipt } from '../../privacy/index.ts';
import { callerId } from '../route-access.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
const AppQuery = Type.Object({ app_id: AppId }, { additionalProperties: false });

const Receipt = Type.Object({
  erasure_id: Type.String(),
  kind: Type.Union([Type.Literal('erase'), Type.Literal('anonymize')]),
  app_id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('complete'), Type.Literal('failed')]),
  requested_at: Type.String(),
  completed_at: Type.Union([Type.String(), Type.Null()]),
  tables: Type.Array(
    Type.Object({
      table: Type.String(),
      kind: Type.String({ description: "'rows' naming the user, 'payload' (raw JSON naming the user), 'rollup' (groups recomputed)" }),
      matched: Type.Integer(),
      remaining: Type.Integer({ description: 'rows still naming the user: 0 when complete' }),
    }),
  ),
  error: Type.String(),
});

function view(r: ErasureReceipt): Static<typeof Receipt> {
  return { erasure_id: r.erasureId, kind: r.kind, app_id: r.appId, status: r.status, requested_at: r.requestedAt, completed_at: r.completedAt, tables: [...r.tables], error: r.error };
}

export const userRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, apps, trust, store } = deps;
  const errors = errorResponses(400, 404);
  const requireApp = (appId: string) => {
    if (!apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
  };

  app.delete(
    '/v1/users/:user_id',
    {
      config: { access: 'admin', audit: 'erase', auditSubject: 'user' },
      schema: { summary: "Erase a user's data in an app (admin token)", operationId: 'eraseUser', tags: ['privacy'], params: UserParams, querystring: AppQuery, response: { 202: Receipt, ...errors } },
    },
    async (req, reply) => {
      const { user_id: userId } = req.params;
      const { app_id: appId } = req.query;
      requireApp(appId);
      const receipt = await trust.erasures.start('erase', appId, userId, callerId(auth.caller(req)));
      return reply.code(202).send(view(receipt));
    },
  );

  app.post(
    '/v1/users/:user_id/anonymize',
    {
      config: { access: 'admin', audit: 'anonymize', auditSubject: 'user' },
      schema: {
        summary: "Anonymise a user's data in an app (admin token)",
        operationId: 'anonymizeUser',
        description: 'user_id is replaced by a random pseudonym; anonymous_id, IP prefix and user agent are cleared; email, phone, address and the configured scrub keys leave properties.',
        tags: ['privacy'],
        params: UserParams,
        body: AppQuery,
        response: { 202: Receipt, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (req, reply) => {
      const { user_id: userId } = req.params;
      const { app_id: appId } = req.body;
      requireApp(appId);
      const receipt = await trust.erasures.start('anonymize', appId, userId, callerId(auth.caller(req)));
      return reply.code(202).send(view(receipt));
    },
  );

  app.get(
    '/v1/erasures/:erasure_id',
    {
      config: { access: 'admin', audit: 'read' },
      schema: { summary: 'An erasure receipt (admin token)', operationId: 'getErasure', tags: ['privacy'], params: Type.Object({ erasure_id: Type.String({ pattern: '^er_[0-9a-f]{24}$' }) }), response: { 200: Receipt, ...errors } },
    },
    async (req) => {
      const { erasure_id: id } = req.params;
      const receipt = await trust.erasures.get(id);
      if (!receipt) throw new TallyError('TALLY_ERR_ERASURE_UNKNOWN', [id]);
      return view(receipt);
    },
  );

  app.get(
    '/v1/users/:user_id/export',
    {
      config: { access: 'read', app: 'query', audit: 'export', auditSubject: 'user' },
      schema: {
        summary: 'Everything stored about a user in an app, as NDJSON (admin token or a read key of the app)',
        operationId: 'exportUser',
        description: 'One JSON object per line: { "table": "events", "row": { ... } }.',
        tags: ['privacy'],
        params: UserParams,
        querystring: AppQuery,
        // NDJSON on success only: the errors are JSON like everywhere else
        response: { 200: { description: 'NDJSON, one object per line', content: { 'application/x-ndjson': { schema: Type.String() } } }, ...errors },
      },
    },
    async (req, reply) => {
      const { user_id: userId } = req.params;
      const { app_id: appId } = req.query;
      requireApp(appId);
      const tables = await discoverUserTables(store);
      // the person's every id: linked anonymous and former ids too (src/privacy/person-ids.ts)
      const ids = await personIds(store, appId, userId);
      const lines = (async function* () {
        for await (const { table, row } of exportPersonRows(store, tables, appId, ids)) yield JSON.stringify({ table, row }) + '\n';
      })();
      return reply.type('application/x-ndjson').send(Readable.from(lines));
    },
  );
};
