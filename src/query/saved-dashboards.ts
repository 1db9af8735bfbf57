// Dashboards saved per app: a title and pinned insights (tiles). A tile keeps the insight's whole
// state as the query string of its page in the web app, so a tile, a shared link and the builder
// all say the same thing; the server never interprets it, only bounds it. Rows are versioned
// (ReplacingMergeTree, migration 0060) and read with FINAL; a delete is a tombstone row.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { ParamBag } from './params.ts';

export const DashboardId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'lower-case letters, digits, _ and - (at most 64)' });

export const INSIGHT_KINDS = ['trends', 'funnels', 'retention', 'paths', 'experiments', 'segments'] as const;

export const DashboardTileSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'unique within the dashboard' }),
    kind: Type.Union(INSIGHT_KINDS.map((k) => Type.Literal(k))),
    title: Type.String({ maxLength: 200 }),
    state: Type.String({ maxLength: 8192, description: "the insight's state: the query string of its page (/insights/{kind}?…)" }),
    width: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { description: 'columns the tile spans (default 1)' })),
  },
  { additionalProperties: false },
);

export const DashboardBodySchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    tiles: Type.Array(DashboardTileSchema, { maxItems: 50, description: 'in layout order' }),
  },
  { additionalProperties: false },
);
export type DashboardBody = Static<typeof DashboardBodySchema>;

export const SavedDashboardSchema = Type.Object({
  dashboard_id: Type.String(),
  title: Type.String(),
  tiles: Type.Array(DashboardTileSchema),
  updated_at: Type.String(),
});
export type SavedDashboard = Static<typeof SavedDashboardSchema>;

interface Row {
  dashboard_id: string;
  title: string;
  tiles: string;
  updated_at: string;
}

const toDashboard = (r: Row): SavedDashboard => ({ dashboard_id: r.dashboard_id, title: r.title, tiles: JSON.parse(r.tiles) as SavedDashboard['tiles'], updated_at: r.updated_at });

export async function saveDashboard(store: StoreConnection, appId: string, dashboardId: string, body: DashboardBody): Promise<SavedDashboard> {
  const ids = new Set(body.tiles.map((t) => t.id));
  if (ids.size !== body.tiles.length) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['tile ids must be unique within a dashboard']);
  await writeVersion(store, appId, dashboardId, body.title, JSON.stringify(body.tiles), false);
  return getDashboard(store, appId, dashboardId);
}

export async function findDashboard(store: StoreConnection, appId: string, dashboardId: string): Promise<SavedDashboard | undefined> {
  const params = new ParamBag();
  const [row] = await store.query<Row>(
    `SELECT dashboard_id, title, tiles, updated_at FROM dashboards FINAL
     WHERE app_id = ${params.add(appId, 'String')} AND dashboard_id = ${params.add(dashboardId, 'String')} AND deleted = 0`,
    params.values,
  );
  return row ? toDashboard(row) : undefined;
}

export async function getDashboard(store: StoreConnection, appId: string, dashboardId: string): Promise<SavedDashboard> {
  const found = await findDashboard(store, appId, dashboardId);
  if (!found) throw new TallyError('TALLY_ERR_DASHBOARD_UNKNOWN', [dashboardId.slice(0, 64)]);
  return found;
}

export async function listDashboards(store: StoreConnection, appId: string): Promise<SavedDashboard[]> {
  const params = new ParamBag();
  const rows = await store.query<Row>(
    `SELECT dashboard_id, title, tiles, updated_at FROM dashboards FINAL WHERE app_id = ${params.add(appId, 'String')} AND deleted = 0 ORDER BY title, dashboard_id LIMIT 1000`,
    params.values,
  );
  return rows.map(toDashboard);
}

/** removes a dashboard; false when there was none */
export async function deleteDashboard(store: StoreConnection, appId: string, dashboardId: string): Promise<boolean> {
  if (!(await findDashboard(store, appId, dashboardId))) return false;
  await writeVersion(store, appId, dashboardId, '', '[]', true);
  return true;
}

async function writeVersion(store: StoreConnection, appId: string, dashboardId: string, title: string, tiles: string, deleted: boolean): Promise<void> {
  const params = new ParamBag();
  const app = params.add(appId, 'String');
  const id = params.add(dashboardId, 'String');
  await store.command(
    `INSERT INTO dashboards (app_id, dashboard_id, title, tiles, deleted, updated_at, version)
     SELECT ${app}, ${id}, ${params.add(title, 'String')}, ${params.add(tiles, 'String')}, ${deleted ? 1 : 0}, now64(3),
            (SELECT coalesce(max(version), 0) + 1 FROM dashboards WHERE app_id = ${app} AND dashboard_id = ${id})`,
    params.values,
  );
}
