// overview_stats: events, unique users and sessions in the range, the top events and a daily series.

import type { StoreConnection } from '../../store/index.ts';
import { reportScope, type ReportParams, type ReportResult } from './report-params.ts';

export async function overviewStats(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const { params: bag, where, tz, limit } = reportScope(conn, p);
  const params = bag.values;
  const [totals] = await conn.query<{ events: number; unique_users: number; sessions: number }>(
    `SELECT count() AS events, uniqExact(user_id) AS unique_users, uniqExactIf(session_id, session_id != '') AS sessions
     FROM events WHERE ${where}`,
    params,
  );
  const rows = await conn.query(
    `SELECT event_name, count() AS events, uniqExact(user_id) AS unique_users
     FROM events WHERE ${where}
     GROUP BY event_name ORDER BY events DESC, event_name LIMIT ${limit}`,
    params,
  );
  const daily = await conn.query(
    `SELECT toString(toDate(timestamp, ${tz})) AS day, count() AS events, uniqExact(user_id) AS unique_users
     FROM events WHERE ${where}
     GROUP BY day ORDER BY day`,
    params,
  );
  return {
    totals: { ...totals, events_per_user: totals.unique_users === 0 ? 0 : totals.events / totals.unique_users },
    rows,
    daily,
  };
}
