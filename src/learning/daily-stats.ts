// The daily tables (seed 002), for one UTC day:
//   daily_user_stats   per learner active that day: questions attempted and right, materials opened,
//                      seconds answering (time_to_answer_seconds) and reading (material_progress
//                      seconds), sessions (distinct session ids of learning events), topics studied
//                      (distinct topic_id of answers and material events);
//   topic_daily_stats  per topic: attempts, right ones, first attempts (a learner's first attempt
//                      of a question ever, by (attempted_at, event_id)) and right first attempts,
//                      distinct learners;
//   user_learning_metrics  per learner, as of the day: questions, right answers, study seconds
//                      (answering + reading) and active days over the 7, 30 and 90 days ending on
//                      it, and the dashboard's answer (those figures and the daily rows of the 90 days) as JSON, from
//                      daily_user_stats. It is computed for learners with a daily row in
//                      the 91 days ending on the day, so one who left the 90-day window is zeroed.
// Rows carry STATS_CALCULATION_VERSION; a re-run of the same day replaces that day's rows.

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { LEARNING_EVENTS_SQL, numberProp, textProp } from './learner-sql.ts';

export const STATS_CALCULATION_VERSION = 1;
export const DAY_MS = 86_400_000;

export interface DayChunk {
  readonly appId: string;
  readonly users: readonly string[];
  /** the UTC day, as epoch ms of its midnight */
  readonly dayMs: number;
  readonly computedAtMs: number;
}

const dayParams = (c: { appId: string; dayMs: number; computedAtMs: number }) => ({
  app: c.appId,
  from: toEngineTime(c.dayMs),
  to: toEngineTime(c.dayMs + DAY_MS),
  day: new Date(c.dayMs).toISOString().slice(0, 10),
  computedAt: toEngineTime(c.computedAtMs),
  version: STATS_CALCULATION_VERSION,
});

/** the learners with a learning event on the day, sorted */
export async function activeLearners(store: StoreConnection, appId: string, dayMs: number): Promise<string[]> {
  const rows = await store.query<{ user_id: string }>(
    `SELECT DISTINCT user_id FROM events WHERE app_id = {app:String} AND event_name IN ${LEARNING_EVENTS_SQL}
       AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')} AND user_id != '' ORDER BY user_id`,
    dayParams({ appId, dayMs, computedAtMs: 0 }),
  );
  return rows.map((r) => r.user_id);
}

export async function writeDailyUserStats(store: StoreConnection, c: DayChunk): Promise<void> {
  await store.command(
    `INSERT INTO daily_user_stats (app_id, user_id, stat_date, calculation_version, computed_at, questions_attempted, correct, materials_opened, answer_seconds, material_seconds, sessions, topics_studied)
     SELECT {app:String}, user_id, toDate({day:String}), {version:UInt16}, {computedAt:DateTime64(3, 'UTC')},
            countIf(event_name = 'question_answered'),
            countIf(event_name = 'question_answered' AND JSONExtractBool(properties, 'is_correct')),
            countIf(event_name = 'material_open'),
            sumIf(greatest(${numberProp('time_to_answer_seconds')}, 0), event_name = 'question_answered'),
            sumIf(greatest(${numberProp('seconds')}, 0), event_name = 'material_progress'),
            uniqExactIf(session_id, session_id != ''),
            uniqExactIf(topic, topic != '')
     FROM (SELECT user_id, event_name, properties, session_id, if(event_name IN ('question_answered', 'material_open', 'material_progress'), ${textProp('topic_id')}, '') AS topic
           FROM events WHERE app_id = {app:String} AND event_name IN ${LEARNING_EVENTS_SQL}
             AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')} AND user_id IN {users:Array(String)})
     GROUP BY user_id`,
    { ...dayParams(c), users: c.users },
  );
}

export async function writeTopicDailyStats(store: StoreConnection, c: { appId: string; dayMs: number; computedAtMs: number }): Promise<void> {
  await store.command(
    `INSERT INTO topic_daily_stats (app_id, topic_id, stat_date, calculation_version, computed_at, attempts, correct, first_attempts, first_correct, learners)
     WITH
     day AS (
       SELECT user_id, question_id, topic_id, is_correct, (attempted_at, toString(event_id)) AS k FROM question_attempts FINAL
       WHERE app_id = {app:String} AND attempted_at >= {from:DateTime64(3, 'UTC')} AND attempted_at < {to:DateTime64(3, 'UTC')}
     ),
     firsts AS (
       -- (a repeated row cannot change a minimum: no FINAL; the user filter reads only the day's learners by the key)
       SELECT user_id, question_id, min((attempted_at, toString(event_id))) AS first FROM question_attempts
       WHERE app_id = {app:String} AND attempted_at < {to:DateTime64(3, 'UTC')} AND user_id IN (SELECT user_id FROM day)
         AND (user_id, question_id) IN (SELECT user_id, question_id FROM day)
       GROUP BY user_id, question_id
     )
     SELECT {app:String}, topic_id, toDate({day:String}), {version:UInt16}, {computedAt:DateTime64(3, 'UTC')},
            count(), sum(is_correct), countIf(is_first), countIf(is_first AND is_correct = 1), uniqExact(user_id)
     FROM (SELECT d.user_id AS user_id, d.topic_id AS topic_id, d.is_correct AS is_correct, d.k = f.first AS is_first
           FROM day AS d INNER JOIN firsts AS f ON d.user_id = f.user_id AND d.question_id = f.question_id)
     GROUP BY topic_id`,
    dayParams(c),
  );
}

/** the learners with a daily row in the 91 days ending on the day, sorted */
export async function metricLearners(store: StoreConnection, appId: string, dayMs: number): Promise<string[]> {
  const rows = await store.query<{ user_id: string }>(
    `SELECT DISTINCT user_id FROM daily_user_stats FINAL WHERE app_id = {app:String} AND calculation_version = {version:UInt16}
       AND stat_date > toDate({day:String}) - 91 AND stat_date <= toDate({day:String}) ORDER BY user_id`,
    dayParams({ appId, dayMs, computedAtMs: 0 }),
  );
  return rows.map((r) => r.user_id);
}

export async function writeUserLearningMetrics(store: StoreConnection, c: DayChunk): Promise<void> {
  const windows = [7, 30, 90]
    .map(
      (n) => `sumIf(questions_attempted, stat_date > d - ${n}) AS questions_${n}d, sumIf(correct, stat_date > d - ${n}) AS correct_${n}d,
        sumIf(answer_seconds + material_seconds, stat_date > d - ${n}) AS study_seconds_${n}d, toUInt32(countIf(stat_date > d - ${n})) AS active_days_${n}d`,
    )
    .join(',\n');
  await store.command(
    `INSERT INTO user_learning_metrics (app_id, user_id, calculation_version, as_of_date, computed_at,
        questions_7d, correct_7d, study_seconds_7d, active_days_7d, questions_30d, correct_30d, study_seconds_30d, active_days_30d,
        questions_90d, correct_90d, study_seconds_90d, active_days_90d, dashboard)
     SELECT {app:String}, user_id, {version:UInt16}, toDate({day:String}), {computedAt:DateTime64(3, 'UTC')},
        questions_7d, correct_7d, study_seconds_7d, active_days_7d, questions_30d, correct_30d, study_seconds_30d, active_days_30d,
        questions_90d, correct_90d, study_seconds_90d, active_days_90d,
        -- [day, [q7, c7, s7, d7, q30, c30, s30, d30, q90, c90, s90, d90], [[date, questions, correct, materials, seconds, sessions, topics], …]]
        toJSONString((
          {day:String},
          [toFloat64(questions_7d), correct_7d, study_seconds_7d, active_days_7d, questions_30d, correct_30d, study_seconds_30d, active_days_30d,
           questions_90d, correct_90d, study_seconds_90d, active_days_90d],
          arrayMap(x -> (toString(x.1), toFloat64(x.2), toFloat64(x.3), toFloat64(x.4), x.5, toFloat64(x.6), toFloat64(x.7)), daily)))
     FROM (
       WITH toDate({day:String}) AS d
       SELECT user_id, ${windows},
         arraySort(x -> x.1, groupArrayIf((stat_date, questions_attempted, correct, materials_opened, answer_seconds + material_seconds, sessions, topics_studied), stat_date > d - 90)) AS daily
       FROM daily_user_stats FINAL
       WHERE app_id = {app:String} AND calculation_version = {version:UInt16} AND user_id IN {users:Array(String)} AND stat_date > d - 91 AND stat_date <= d
       GROUP BY user_id
     )`,
    { ...dayParams(c), users: c.users },
  );
}
