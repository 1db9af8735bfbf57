// top_content: the most viewed values of a content property (default content_id), optionally for
// one event, with unique users per value.

import type { StoreConnection } from '../../store/index.ts';
import { APP_RANGE, propertyText } from '../sql.ts';
import { baseParams, type ReportParams, type ReportResult } from './report-params.ts';

export async function topContent(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const params = { ...baseParams(p), property: p.property ?? 'content_id', event: p.event ?? '' };
  const rows = await conn.query(
    `SELECT ${propertyText('property')} AS value, count() AS events, uniqExact(user_id) AS unique_users
     FROM events
     WHERE ${APP_RANGE} AND ({event:String} = '' OR event_name = {event:String}) AND JSONHas(properties, {property:String})
     GROUP BY value HAVING value != ''
     ORDER BY events DESC, value LIMIT {limit:UInt32}`,
    params,
  );
  const [totals] = await conn.query<{ events: number; distinct_values: number }>(
    `SELECT count() AS events, uniqExact(${propertyText('property')}) AS distinct_values
     FROM events
     WHERE ${APP_RANGE} AND ({event:String} = '' OR event_name = {event:String}) AND JSONHas(properties, {property:String})`,
    params,
  );
  return { totals: { property: params.property, ...totals }, rows };
}
