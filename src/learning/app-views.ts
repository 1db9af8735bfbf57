// What an app's learning views read: topic performance over time and first-attempt accuracy by
// topic (both from topic_daily_stats, which the daily job computes from question_attempts), and
// the cohort's mastery distribution per topic (topic_mastery). Reads only.

import type { StoreConnection } from '../store/index.ts';
import { STATS_CALCULATION_VERSION } from './daily-stats.ts';
import type { CalculationVersion } from './spaced-repetition.ts';

const n = (v: unknown): number => Number(v);
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export interface TopicDay {
  topic_id: string;
  date: string;
  attempts: number;
  correct: number;
  accuracy: number | null;
  first_attempts: number;
  first_correct: number;
  first_attempt_accuracy: number | null;
  learners: number;
}

/** topic_daily_stats for days in [fromDay, toDay) (YYYY-MM-DD), optionally one topic, by topic then day */
export async function topicPerformance(store: StoreConnection, appId: string, fromDay: string, toDay: string, topicId: string | undefined, limit: number): Promise<TopicDay[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT topic_id, toString(stat_date) AS date, attempts, correct, first_attempts, first_correct, learners FROM topic_daily_stats FINAL
     WHERE app_id = {app:String} AND calculation_version = {version:UInt16} AND stat_date >= toDate({from:String}) AND stat_date < toDate({to:String})
       AND ({topic:String} = '' OR topic_id = {topic:String})
     ORDER BY topic_id, stat_date LIMIT {limit:UInt32}`,
    { app: appId, version: STATS_CALCULATION_VERSION, from: fromDay, to: toDay, topic: topicId ?? '', limit },
  );
  return rows.map((r) => ({
    topic_id: String(r.topic_id),
    date: String(r.date),
    attempts: n(r.attempts),
    correct: n(r.correct),
    accuracy: ratio(n(r.correct), n(r.attempts)),
    first_attempts: n(r.first_attempts),
    first_correct: n(r.first_correct),
    first_attempt_accuracy: ratio(n(r.first_correct), n(r.first_attempts)),
    learners: n(r.learners),
  }));
}

export interface FirstAttemptAccuracy {
  topic_id: string;
  first_attempts: number;
  first_correct: number;
  accuracy: number | null;
}

/**
 * per topic: first attempts (a learner's first answer to a question, ever) made on the UTC days in
 * [fromDay, toDay), and how many were right — summed from topic_daily_stats, whose daily job
 * marks first attempts from question_attempts (so today's answers count after the next run)
 */
export async function firstAttemptAccuracy(store: StoreConnection, appId: string, fromDay: string, toDay: string): Promise<FirstAttemptAccuracy[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT topic_id, sum(first_attempts) AS first_attempts, sum(first_correct) AS first_correct FROM topic_daily_stats FINAL
     WHERE app_id = {app:String} AND calculation_version = {version:UInt16} AND stat_date >= toDate({from:String}) AND stat_date < toDate({to:String})
     GROUP BY topic_id HAVING first_attempts > 0 ORDER BY topic_id`,
    { app: appId, version: STATS_CALCULATION_VERSION, from: fromDay, to: toDay },
  );
  return rows.map((r) => ({ topic_id: String(r.topic_id), first_attempts: n(r.first_attempts), first_correct: n(r.first_correct), accuracy: ratio(n(r.first_correct), n(r.first_attempts)) }));
}

export interface MasteryDistribution {
  topic_id: string;
  learners: number;
  mean: number;
  /** learners per mastery bucket: [0, 0.1), [0.1, 0.2), …, [0.9, 1.0] */
  buckets: number[];
  mastered: number;
}

export async function masteryDistribution(store: StoreConnection, appId: string, version: CalculationVersion, threshold: number): Promise<MasteryDistribution[]> {
  const rows = await store.query<{ topic_id: string; learners: number; mean: number; buckets: number[]; mastered: number }>(
    `SELECT topic_id, count() AS learners, avg(mastery) AS mean, countIf(mastery >= {threshold:Float64}) AS mastered,
            [${Array.from({ length: 10 }, (_, i) => `countIf(least(toUInt8(floor(mastery * 10)), 9) = ${i})`).join(', ')}] AS buckets
     FROM topic_mastery FINAL WHERE app_id = {app:String} AND calculation_version = {version:UInt16}
     GROUP BY topic_id ORDER BY topic_id`,
    { app: appId, version, threshold },
  );
  return rows.map((r) => ({ topic_id: r.topic_id, learners: n(r.learners), mean: n(r.mean), buckets: r.buckets.map(n), mastered: n(r.mastered) }));
}
