// dashboard_metrics: active users in the last hour and today's counts per event name (today in the
// report's timezone), the marketplace's real-time cache answered straight from the events.

import type { StoreConnection } from '../../store/index.ts';
import { toEngineTime } from '../../event/index.ts';
import type { ReportParams, ReportResult } from './report-params.ts';

export async function dashboardMetrics(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const params = { app: p.appId, at: toEngineTime(p.atMs), hourAgo: toEngineTime(p.atMs - 3_600_000), tz: p.timezone };
  const today = `toDate(timestamp, {tz:String}) = toDate({at:DateTime64(3, 'UTC')}, {tz:String}) AND timestamp <= {at:DateTime64(3, 'UTC')}`;
  const [t] = await conn.query<{ active_users_last_hour: number; events_last_hour: number }>(
    `SELECT uniqExact(user_id) AS active_users_last_hour, count() AS events_last_hour
     FROM events WHERE app_id = {app:String} AND timestamp > {hourAgo:DateTime64(3, 'UTC')} AND timestamp <= {at:DateTime64(3, 'UTC')}`,
    params,
  );
  const [d] = await conn.query<{ active_users_today: number; events_today: number }>(
    `SELECT uniqExact(user_id) AS active_users_today, count() AS events_today
     FROM events WHERE app_id = {app:String} AND ${today}`,
    params,
  );
  const rows = await conn.query(
    `SELECT event_name, count() AS count_today, uniqExact(user_id) AS users_today
     FROM events WHERE app_id = {app:String} AND ${today}
     GROUP BY event_name ORDER BY count_today DESC, event_name`,
    params,
  );
  return { totals: { ...t, ...d, at: new Date(p.atMs).toISOString() }, rows };
}
