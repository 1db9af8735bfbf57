// POST /v1/report: run a named report template (seed 003's /report) over one app and time range.

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { REPORT_TEMPLATES, checkTimezone, isReportTemplate, parseTime, resolveTimeRange } from '../../query/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const Body = Type.Object(
  {
    template: Type.String({ description: Object.keys(REPORT_TEMPLATES).join(', ') }),
    app_id: AppId,
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    property: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    at: Type.Optional(Type.String({ maxLength: 40, description: 'reference time for dashboard_metrics (default now)' })),
  },
  { additionalProperties: false },
);

export const reportRoutes: RouteGroup = async (app, { deps }) => {
  app.post(
    '/v1/report',
    {
      config: { access: 'read', app: 'body', question: true, audit: 'read', cache: true },
      schema: {
        summary: 'Run a report template',
        operationId: 'runReport',
        tags: ['query'],
        body: Body,
        response: {
          200: Type.Object({ template: Type.String(), app_id: Type.String(), from: Type.String(), to: Type.String(), timezone: Type.String() }, { additionalProperties: true }),
          ...errorResponses(...BODY_ERRORS, 422),
        },
      },
    },
    async (req) => {
      const b = req.body;
      if (!isReportTemplate(b.template)) throw new TallyError('TALLY_ERR_REPORT_UNKNOWN_TEMPLATE', [b.template.slice(0, 64)]);
      const nowMs = Date.now();
      const range = resolveTimeRange(b.from, b.to, nowMs);
      const timezone = checkTimezone(b.timezone);
      const params = {
        appId: b.app_id,
        range,
        timezone,
        event: b.event,
        property: b.property,
        limit: b.limit ?? 10,
        atMs: b.at ? parseTime(b.at, nowMs, 'at') : nowMs,
      };
      // the live dashboard (no `at`) is served from seed 004's platform_metrics_realtime until it expires
      const template = REPORT_TEMPLATES[b.template];
      const cached = b.template === 'dashboard_metrics' && !b.at && deps.realtimeMetrics ? await deps.realtimeMetrics.get(b.app_id, `dashboard_metrics:${timezone}`, () => template(deps.store, params)) : undefined;
      const result = cached ? { ...cached.value, cache: { source: cached.source, calculated_at: new Date(cached.calculatedAtMs).toISOString(), expires_at: new Date(cached.expiresAtMs).toISOString() } } : await template(deps.store, params);
      return {
        template: b.template,
        app_id: b.app_id,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        timezone,
        ...result,
      };
    },
  );
};
