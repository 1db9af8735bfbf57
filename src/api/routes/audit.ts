// GET /v1/audit (admin token): who read, queried, exported, erased or changed keys, newest first.

import { Type } from 'typebox';
import { resolveTimeRange } from '../../query/index.ts';
import { AppId, errorResponses, type RouteGroup } from '../schemas.ts';

const Query = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40, description: 'inclusive; ISO time or relative like -7d (default: 30 days before `to`)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'exclusive (default: now)' })),
    key_id: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 32 })),
    app_id: Type.Optional(AppId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
  },
  { additionalProperties: false },
);

const Entry = Type.Object({
  at: Type.String(),
  request_id: Type.String(),
  key_id: Type.String({ description: "the key id, 'admin', or '' when the caller was not identified" }),
  caller_kind: Type.String(),
  action: Type.String({ description: 'read, query, export, erase, anonymize, key_create, key_rotate, key_revoke, key_list, audit, change' }),
  method: Type.String(),
  route: Type.String(),
  app_ids: Type.Array(Type.String()),
  subject: Type.String({ description: 'a report template, or a SHA-256 of the SQL text or of the user id' }),
  status: Type.Integer(),
  duration_ms: Type.Integer(),
});

export const auditRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/audit',
    {
      config: { access: 'admin', audit: 'audit' },
      schema: { summary: 'Query the audit log (admin token)', operationId: 'listAuditEntries', tags: ['admin'], querystring: Query, response: { 200: Type.Object({ entries: Type.Array(Entry) }), ...errorResponses(400) } },
    },
    async (req) => {
      const q = req.query;
      const range = resolveTimeRange(q.from, q.to, Date.now());
      const entries = await deps.trust.audit.query({ fromMs: range.fromMs, toMs: range.toMs, keyId: q.key_id, action: q.action, appId: q.app_id, limit: q.limit ?? 100 });
      return { entries };
    },
  );
};
