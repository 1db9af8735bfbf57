// revenue: sum, average and count of a purchase event's revenue property per day (in the report's
// timezone, every day of the range present), with totals. Defaults: event `purchase`, property `revenue`.

import type { StoreConnection } from '../../store/index.ts';
import { APP_RANGE, propertyNumber } from '../sql.ts';
import { baseParams, ratio, type ReportParams, type ReportResult } from './report-params.ts';

export async function revenue(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const params = { ...baseParams(p), event: p.event ?? 'purchase', property: p.property ?? 'revenue' };
  const where = `${APP_RANGE} AND event_name = {event:String}`;
  const amount = `ifNull(${propertyNumber('property')}, 0)`;
  const rows = await conn.query(
    `SELECT toString(day) AS day, revenue, orders, avg_order_value, buyers FROM (
       SELECT toDate(timestamp, {tz:String}) AS day, sum(${amount}) AS revenue, count() AS orders,
              if(orders = 0, 0, revenue / orders) AS avg_order_value, uniqExact(user_id) AS buyers
       FROM events WHERE ${where}
       GROUP BY day
       ORDER BY day WITH FILL
         FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String})
         TO toDate({to:DateTime64(3, 'UTC')} - toIntervalMillisecond(1), {tz:String}) + 1
     )`,
    params,
  );
  const [t] = await conn.query<{ revenue: number; orders: number; buyers: number }>(
    `SELECT sum(${amount}) AS revenue, count() AS orders, uniqExact(user_id) AS buyers FROM events WHERE ${where}`,
    params,
  );
  return { totals: { event: params.event, property: params.property, ...t, avg_order_value: ratio(t.revenue, t.orders) }, rows };
}
