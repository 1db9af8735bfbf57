// revenue: sum, average and count of a purchase event's revenue property per day (in the report's
// timezone, every day of the range present), with totals. Defaults: event `purchase`, property `revenue`.

import type { StoreConnection } from '../../store/index.ts';
import { propertyNumber, timeParam } from '../sql.ts';
import { ratio, reportScope, type ReportParams, type ReportResult } from './report-params.ts';

export async function revenue(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const event = p.event ?? 'purchase';
  const property = p.property ?? 'revenue';
  const scope = reportScope(conn, p);
  const { params: bag, tz } = scope;
  const where = `${scope.where} AND event_name = ${bag.add(event, 'String')}`;
  const amount = `ifNull(${propertyNumber(bag, property)}, 0)`;
  const from = timeParam(bag, p.range.fromMs);
  const to = timeParam(bag, p.range.toMs);
  const params = bag.values;
  const rows = await conn.query(
    `SELECT toString(day) AS day, revenue, orders, avg_order_value, buyers FROM (
       SELECT toDate(timestamp, ${tz}) AS day, sum(${amount}) AS revenue, count() AS orders,
              if(orders = 0, 0, revenue / orders) AS avg_order_value, uniqExact(user_id) AS buyers
       FROM events WHERE ${where}
       GROUP BY day
       ORDER BY day WITH FILL
         FROM toDate(${from}, ${tz})
         TO toDate(${to} - toIntervalMillisecond(1), ${tz}) + 1
     )`,
    params,
  );
  const [t] = await conn.query<{ revenue: number; orders: number; buyers: number }>(
    `SELECT sum(${amount}) AS revenue, count() AS orders, uniqExact(user_id) AS buyers FROM events WHERE ${where}`,
    params,
  );
  return { totals: { event, property, ...t, avg_order_value: ratio(t.revenue, t.orders) }, rows };
}
