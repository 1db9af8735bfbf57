// search_analytics: searches, distinct queries, zero-result rate and the top queries, from search
// events (`search`, `search.performed`, `search_performed`, or the given event) carrying a query
// (`query`, `search_query` or `q`) and a result count (`results_count`, `result_count` or `results`).

import type { StoreConnection } from '../../store/index.ts';
import { firstPropertyNumber, firstPropertyText } from '../sql.ts';
import { ratio, reportScope, type ReportParams, type ReportResult } from './report-params.ts';

export const SEARCH_EVENTS = ['search', 'search.performed', 'search_performed'];

export async function searchAnalytics(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const { params: bag, where: scope, limit } = reportScope(conn, p);
  const QUERY = `lower(trim(${firstPropertyText(bag, ['query', 'search_query', 'q'])}))`;
  const RESULTS = firstPropertyNumber(bag, ['results_count', 'result_count', 'results']);
  const LATENCY = firstPropertyNumber(bag, ['search_time_ms', 'latency_ms']);
  const where = `${scope} AND event_name IN ${bag.add(p.event ? [p.event] : SEARCH_EVENTS, 'Array(String)')}`;
  const params = bag.values;
  const [t] = await conn.query<{ searches: number; unique_queries: number; searchers: number; zero_result_searches: number; avg_results: number | null; avg_search_time_ms: number | null }>(
    `SELECT count() AS searches, uniqExact(${QUERY}) AS unique_queries, uniqExact(user_id) AS searchers,
            countIf(${RESULTS} = 0) AS zero_result_searches, avg(${RESULTS}) AS avg_results, avg(${LATENCY}) AS avg_search_time_ms
     FROM events WHERE ${where}`,
    params,
  );
  const rows = await conn.query(
    `SELECT ${QUERY} AS query, count() AS searches, uniqExact(user_id) AS searchers,
            countIf(${RESULTS} = 0) AS zero_result_searches, zero_result_searches / searches AS zero_result_rate, avg(${RESULTS}) AS avg_results
     FROM events WHERE ${where}
     GROUP BY query ORDER BY searches DESC, query LIMIT ${limit}`,
    params,
  );
  const zeroResultQueries = await conn.query(
    `SELECT ${QUERY} AS query, count() AS searches
     FROM events WHERE ${where} AND ${RESULTS} = 0
     GROUP BY query ORDER BY searches DESC, query LIMIT ${limit}`,
    params,
  );
  return {
    totals: { ...t, zero_result_rate: ratio(t.zero_result_searches, t.searches) },
    rows,
    zero_result_queries: zeroResultQueries,
  };
}
