// top_content: the most viewed values of a content property (default content_id), optionally for
// one event, with unique users per value.

import type { StoreConnection } from '../../store/index.ts';
import { propertyReading } from '../sql.ts';
import { reportScope, type ReportParams, type ReportResult } from './report-params.ts';

export async function topContent(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const property = p.property ?? 'content_id';
  const { params: bag, where: scope, limit } = reportScope(conn, p);
  const { text: value, present } = propertyReading(bag, property);
  const where = `${scope}${p.event ? ` AND event_name = ${bag.add(p.event, 'String')}` : ''} AND ${present}`;
  const params = bag.values;
  const rows = await conn.query(
    `SELECT ${value} AS value, count() AS events, uniqExact(user_id) AS unique_users
     FROM events
     WHERE ${where}
     GROUP BY value HAVING value != ''
     ORDER BY events DESC, value LIMIT ${limit}`,
    params,
  );
  const [totals] = await conn.query<{ events: number; distinct_values: number }>(
    `SELECT count() AS events, uniqExact(${value}) AS distinct_values
     FROM events
     WHERE ${where}`,
    params,
  );
  return { totals: { property, ...totals }, rows };
}
