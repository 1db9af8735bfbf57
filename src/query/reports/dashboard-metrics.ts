// dashboard_metrics: active users in the last hour and today's counts per event name (today in the
// report's timezone), the marketplace's real-time cache. Today's numbers come from the hourly
// rollup (events_hourly, see docs/rollups.md) for the whole UTC hours of today, merged with raw
// events for the partial hours at either end (local midnight in half-hour zones, and the hour of
// `at`), so they equal the same count over raw events. The last hour is not hour-aligned and is
// read from events.

import type { StoreConnection } from '../../store/index.ts';
import { toEngineTime } from '../../event/index.ts';
import type { ReportParams, ReportResult } from './report-params.ts';

const HOUR_MS = 3_600_000;

export async function dashboardMetrics(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const params: Record<string, unknown> = { app: p.appId, at: toEngineTime(p.atMs), hourAgo: toEngineTime(p.atMs - 3_600_000), tz: p.timezone };
  const [t] = await conn.query<{ active_users_last_hour: number; events_last_hour: number }>(
    `SELECT uniqExact(user_id) AS active_users_last_hour, count() AS events_last_hour
     FROM events WHERE app_id = {app:String} AND timestamp > {hourAgo:DateTime64(3, 'UTC')} AND timestamp <= {at:DateTime64(3, 'UTC')}`,
    params,
  );
  // today = [local midnight, at]; whole UTC hours [h0, h1) from the rollup, the rest from events
  const [{ day_start }] = await conn.query<{ day_start: number }>(`SELECT toUnixTimestamp(toStartOfDay({at:DateTime64(3, 'UTC')}, {tz:String})) AS day_start`, params);
  const dayStartMs = day_start * 1000;
  params.dayStart = toEngineTime(dayStartMs);
  params.h0 = Math.ceil(dayStartMs / HOUR_MS) * HOUR_MS / 1000;
  params.h1 = Math.floor(p.atMs / HOUR_MS) * HOUR_MS / 1000;
  const todayStates = `
    SELECT event_name, events, users_exact FROM events_hourly
    WHERE app_id = {app:String} AND hour >= toDateTime({h0:UInt32}, 'UTC') AND hour < toDateTime({h1:UInt32}, 'UTC')
    UNION ALL
    SELECT event_name, countState() AS events, uniqExactState(user_id) AS users_exact FROM events
    WHERE app_id = {app:String} AND timestamp >= {dayStart:DateTime64(3, 'UTC')} AND timestamp <= {at:DateTime64(3, 'UTC')}
      AND (timestamp < toDateTime({h0:UInt32}, 'UTC') OR timestamp >= toDateTime({h1:UInt32}, 'UTC'))
    GROUP BY event_name`;
  const [d] = await conn.query<{ active_users_today: number; events_today: number }>(
    `SELECT uniqExactMerge(users_exact) AS active_users_today, countMerge(events) AS events_today FROM (${todayStates})`,
    params,
  );
  const rows = await conn.query(
    `SELECT event_name, countMerge(events) AS count_today, uniqExactMerge(users_exact) AS users_today
     FROM (${todayStates})
     GROUP BY event_name ORDER BY count_today DESC, event_name`,
    params,
  );
  return { totals: { ...t, ...d, at: new Date(p.atMs).toISOString() }, rows };
}
