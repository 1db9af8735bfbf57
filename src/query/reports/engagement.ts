// engagement: watch time and completion rate from video events. Watch time is the sum of
// heartbeat seconds (`watch_time_seconds`, `watch_time` or `seconds` on `video_heartbeat`); a view is
// a user–content pair that started or sent a heartbeat; completion rate = completed views / views.

import type { StoreConnection } from '../../store/index.ts';
import { firstPropertyNumber, firstPropertyText } from '../sql.ts';
import { ratio, reportScope, type ReportParams, type ReportResult } from './report-params.ts';

const CONTENT_KEYS = ['content_id', 'video_id', 'stream_id'];
const SECONDS_KEYS = ['watch_time_seconds', 'watch_time', 'seconds'];
const VIEW_EVENTS = `('video_start', 'video_play', 'video_heartbeat')`;

export async function engagement(conn: StoreConnection, p: ReportParams): Promise<ReportResult> {
  const { params: bag, where, limit } = reportScope(conn, p);
  const CONTENT = firstPropertyText(bag, CONTENT_KEYS);
  const SECONDS = firstPropertyNumber(bag, SECONDS_KEYS);
  const params = bag.values;
  const perView = `
    SELECT ${CONTENT} AS content_id, user_id,
           sumIf(ifNull(${SECONDS}, 0), event_name = 'video_heartbeat') AS watch_seconds,
           countIf(event_name IN ${VIEW_EVENTS}) > 0 AS viewed,
           countIf(event_name = 'video_complete') > 0 AS completed
    FROM events
    WHERE ${where} AND event_name IN ('video_start', 'video_play', 'video_heartbeat', 'video_complete')
    GROUP BY content_id, user_id`;
  const [t] = await conn.query<{ watch_time_seconds: number; viewers: number; views: number; completions: number }>(
    `SELECT sum(watch_seconds) AS watch_time_seconds, uniqExactIf(user_id, viewed) AS viewers,
            countIf(viewed) AS views, countIf(viewed AND completed) AS completions
     FROM (${perView})`,
    params,
  );
  const rows = await conn.query(
    `SELECT content_id, uniqExactIf(user_id, viewed) AS viewers, countIf(viewed) AS views, sum(watch_seconds) AS watch_time_seconds,
            countIf(viewed AND completed) AS completions, if(views = 0, 0, completions / views) AS completion_rate
     FROM (${perView})
     GROUP BY content_id HAVING content_id != ''
     ORDER BY watch_time_seconds DESC, content_id LIMIT ${limit}`,
    params,
  );
  return {
    totals: {
      ...t,
      completion_rate: ratio(t.completions, t.views),
      avg_watch_time_per_viewer: ratio(t.watch_time_seconds, t.viewers),
    },
    rows,
  };
}
