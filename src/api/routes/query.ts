// POST /v1/query: read-only SQL (seed 003's /query) over the caller's apps. A read key reads the
// apps it was granted (all of them, or the ones named); the admin token names apps or reads all.
// The SQL passes the guard (query/raw/sql-guard.ts) and runs under the engine's scoping and limits
// (query/raw/raw-query.ts). The audit log keeps a hash of the SQL, not the text.

import { Type } from 'typebox';
import { MAX_SQL_CHARS } from '../../query/raw/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';
import { auditSubjectOf, setAuditSubject } from '../audit-subject.ts';

const Body = Type.Object(
  {
    sql: Type.String({ minLength: 1, maxLength: MAX_SQL_CHARS, description: 'one SELECT (WITH/UNION allowed) over events and rollups; see docs/security.md' }),
    app_id: Type.Optional(AppId),
    app_ids: Type.Optional(Type.Array(AppId, { minItems: 1, maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const queryRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, apps, trust } = deps;

  app.post(
    '/v1/query',
    {
      config: { access: 'read', app: 'granted', question: true, audit: 'query', auditSubject: 'sql' },
      schema: {
        summary: 'Run read-only SQL over your apps',
        operationId: 'runQuery',
        description:
          'One SELECT over `events` (and rollups) of the apps this key may read; every table read is limited to those apps by the engine. No table functions except numbers/values, no system tables except system.one/numbers, no SETTINGS, one statement. Limits: time, result rows, memory, rows read.',
        tags: ['query'],
        body: Body,
        response: {
          200: Type.Object({
            rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
            row_count: Type.Integer(),
            elapsed_ms: Type.Integer(),
            app_ids: Type.Array(Type.String()),
          }),
          ...errorResponses(...BODY_ERRORS, 422),
        },
      },
    },
    async (req) => {
      const body = req.body;
      const caller = auth.caller(req);
      const named = body.app_ids ?? (body.app_id !== undefined ? [body.app_id] : undefined);
      const granted = caller.kind === 'admin' ? apps.list() : caller.appIds;
      // the tenant guard already refused names outside the grant; keep only granted ones anyway
      const scope = named ? [...new Set(named)].filter((id) => caller.kind === 'admin' || granted.includes(id)) : [...granted];
      setAuditSubject(req, auditSubjectOf(req)?.subject ?? '', scope);
      const result = await trust.rawQuery.run(body.sql, scope);
      return { rows: result.rows, row_count: result.rowCount, elapsed_ms: result.elapsedMs, app_ids: scope };
    },
  );
};
