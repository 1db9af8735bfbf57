// Saved dashboards of an app: PUT/GET/DELETE /v1/dashboards/{dashboard_id}?app_id= and
// GET /v1/dashboards?app_id=. A read key keeps the dashboards of the apps it was granted (like saved
// segments: arranging what one reads changes no data). Tiles hold each pinned insight's state as
// its page's query string; the web app turns a tile back into the same question.

import { Type } from 'typebox';
import { TallyError } from '../../errors.ts';
import { DashboardBodySchema, DashboardId, SavedDashboardSchema, deleteDashboard, getDashboard, listDashboards, saveDashboard } from '../../query/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const AppQuery = Type.Object({ app_id: AppId }, { additionalProperties: false });
const IdParams = Type.Object({ dashboard_id: DashboardId });

export const dashboardRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/dashboards',
    {
      config: { access: 'read', app: 'query' },
      schema: { summary: "An app's saved dashboards", operationId: 'listDashboards', tags: ['dashboards'], querystring: AppQuery, response: { 200: Type.Object({ dashboards: Type.Array(SavedDashboardSchema) }), ...errorResponses(400) } },
    },
    async (req) => ({ dashboards: await listDashboards(deps.store, req.query.app_id) }),
  );

  app.put(
    '/v1/dashboards/:dashboard_id',
    {
      config: { access: 'read', app: 'query' },
      schema: {
        summary: 'Save a dashboard (replaces one with the same id)',
        operationId: 'saveDashboard',
        tags: ['dashboards'],
        params: IdParams,
        querystring: AppQuery,
        body: DashboardBodySchema,
        response: { 200: SavedDashboardSchema, ...errorResponses(...BODY_ERRORS) },
      },
    },
    async (req) => saveDashboard(deps.store, req.query.app_id, req.params.dashboard_id, req.body),
  );

  app.get(
    '/v1/dashboards/:dashboard_id',
    {
      config: { access: 'read', app: 'query' },
      schema: { summary: 'A saved dashboard', operationId: 'getDashboard', tags: ['dashboards'], params: IdParams, querystring: AppQuery, response: { 200: SavedDashboardSchema, ...errorResponses(400, 404) } },
    },
    async (req) => getDashboard(deps.store, req.query.app_id, req.params.dashboard_id),
  );

  app.delete(
    '/v1/dashboards/:dashboard_id',
    {
      config: { access: 'read', app: 'query' },
      schema: {
        summary: 'Delete a saved dashboard',
        operationId: 'deleteDashboard',
        tags: ['dashboards'],
        params: IdParams,
        querystring: AppQuery,
        response: { 200: Type.Object({ deleted: Type.Literal(true), dashboard_id: Type.String() }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { dashboard_id } = req.params;
      if (!(await deleteDashboard(deps.store, req.query.app_id, dashboard_id))) throw new TallyError('TALLY_ERR_DASHBOARD_UNKNOWN', [dashboard_id]);
      return { deleted: true as const, dashboard_id };
    },
  );
};
