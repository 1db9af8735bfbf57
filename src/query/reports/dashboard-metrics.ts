// dashboard_metrics: active users in the last hour and today's counts per event name (today in the
// report's timezone), the marketplace's real-time cache. Today's numbers come from the hourly
// rollup (events_hourly, see docs/rollups.md) for the whole UTC hours of today, merged with raw
// events for the partial hours at either end (local midnight in half-hour zones, and the hour of
// `at`), so they equal the same count over raw events. The last hour is not hour-aligned and is
// read from events.

import type { StoreConnection } from '../../store/index.ts';
import { ParamBag } from '../params.ts';
import { timeParam } from '../sql.ts';
import type { ReportParams, ReportResult } from './report-params.ts';

const HOUR_MS = 3_600_000;

export async function dashboardMetrics(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const bag = new ParamBag();
  const app = bag.add(p.appId, 'String');
  const at = timeParam(bag, p.atMs);
  const [t] = await conn.query<{ active_users_last_hour: number; events_last_hour: number }>(
    `SELECT uniqExact(user_id) AS active_users_last_hour, count() AS events_last_hour
     FROM events WHERE app_id = ${app} AND timestamp > ${timeParam(bag, p.atMs - HOUR_MS)} AND timestamp <= ${at}`,
    bag.values,
  );
  // today = [local midnight, at]; whole UTC hours [h0, h1) from the rollup, the rest from events
  const [{ day_start }] = await conn.query<{ day_start: number }>(`SELECT toUnixTimestamp(toStartOfDay(${at}, ${bag.add(p.timezone, 'String')})) AS day_start`, bag.values);
  const dayStartMs = day_start * 1000;
  const h0 = `toDateTime(${bag.add((Math.ceil(dayStartMs / HOUR_MS) * HOUR_MS) / 1000, 'UInt32')}, 'UTC')`;
  const h1 = `toDateTime(${bag.add((Math.floor(p.atMs / HOUR_MS) * HOUR_MS) / 1000, 'UInt32')}, 'UTC')`;
  const params = bag.values;
  const todayStates = `
    SELECT event_name, events, users_exact FROM events_hourly
    WHERE app_id = ${app} AND hour >= ${h0} AND hour < ${h1}
    UNION ALL
    SELECT event_name, countState() AS events, uniqExactState(user_id) AS users_exact FROM events
    WHERE app_id = ${app} AND timestamp >= ${timeParam(bag, dayStartMs)} AND timestamp <= ${at}
      AND (timestamp < ${h0} OR timestamp >= ${h1})
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
