// Refills the learner model's real-time tables (question_attempts, study_sessions,
// material_interactions) of one app from `events`: for events stored before migration 0041 created
// their materialized views, or after a change to a view. Each table's rows of the app are deleted,
// then the view's own SELECT runs over the app's events (narrowed by additional_table_filters to a
// literal app id of [a-z0-9_-]) and its rows are inserted by column name. Run it while the app's
// ingest is quiet: an event stored between the delete and the insert is counted twice in the
// session and material tables (answers are keyed by event id and stay single).

import { APP_ID_RE } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';

export const REALTIME_VIEWS = Object.freeze([
  { view: 'question_attempts_mv', target: 'question_attempts' },
  { view: 'study_sessions_mv', target: 'study_sessions' },
  { view: 'material_interactions_mv', target: 'material_interactions' },
]);

/** rebuilds the three tables for `appId`; returns the rows each holds afterwards */
export async function rebuildRealtimeTables(store: StoreConnection, appId: string): Promise<Record<string, number>> {
  if (!APP_ID_RE.test(appId)) throw new Error(`bad app id ${appId}`);
  const filter = `{'events': 'app_id = \\'${appId}\\''}`;
  const out: Record<string, number> = {};
  for (const { view, target } of REALTIME_VIEWS) {
    const [v] = await store.query<{ as_select: string }>('SELECT as_select FROM system.tables WHERE database = currentDatabase() AND name = {view:String}', { view });
    if (!v) throw new Error(`materialized view ${view} is missing`);
    const columns = (await store.query<{ name: string }>('SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position', { t: target })).map((c) => `\`${c.name}\``);
    await store.command(`ALTER TABLE ${target} DELETE WHERE app_id = {app:String}`, { app: appId }, { settings: { mutations_sync: 2 } });
    await store.command(`INSERT INTO ${target} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM (${v.as_select}) SETTINGS additional_table_filters = ${filter}`);
    const [n] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${target} FINAL WHERE app_id = {app:String}`, { app: appId });
    out[target] = Number(n.n);
  }
  return out;
}
