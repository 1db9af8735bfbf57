// Knowledge gaps (seed 002): for every (user, topic) with a mastery row of the version,
//   priority = gap·3.0 + board_exam_weight·2.0 + prerequisite_impact·1.0 + recent_failure_rate·1.5
// with gap = 1 − mastery; prerequisite_impact = the number of curriculum topics that list the topic
// as a direct prerequisite and that the learner has not mastered (no mastery row, or mastery below
// MASTERY_THRESHOLD) — the topics it blocks; recent_failure_rate = wrong / all of the learner's
// attempts on the topic (by the attempt's topic_id) in the RECENT_DAYS days before the run's time,
// 0 without attempts there. A row is a gap (is_gap = 1) when mastery < MASTERY_THRESHOLD; the
// learner's gaps are listed by priority, highest first. The mastery read is the latest computed.

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import type { LearnerChunk } from './mastery.ts';

/** mastery at or above this is "mastered" (not a gap, and no longer blocking its dependents) */
export const MASTERY_THRESHOLD = 0.7;
/** the recent window of recent_failure_rate, in days */
export const RECENT_DAYS = 14;
export const PRIORITY_WEIGHTS = Object.freeze({ gap: 3.0, boardExamWeight: 2.0, prerequisiteImpact: 1.0, recentFailureRate: 1.5 });

export async function writeKnowledgeGaps(store: StoreConnection, c: LearnerChunk): Promise<void> {
  const w = PRIORITY_WEIGHTS;
  await store.command(
    `INSERT INTO knowledge_gaps (app_id, user_id, topic_id, calculation_version, computed_for, mastery, gap, board_exam_weight, prerequisite_impact, recent_failure_rate, priority, is_gap)
     WITH
     curriculum AS (SELECT topic_id, board_exam_weight, prerequisites FROM learning_topics FINAL WHERE app_id = {app:String}),
     m AS (
       SELECT user_id, topic_id, mastery FROM topic_mastery FINAL
       WHERE app_id = {app:String} AND calculation_version = {version:UInt16} AND user_id IN {users:Array(String)}
         AND topic_id IN (SELECT topic_id FROM curriculum)
     ),
     -- (no alias named topic_id here: the engine would read the alias for the column)
     dependents AS (SELECT topic_id AS dependent, arrayJoin(prerequisites) AS prerequisite FROM curriculum),
     blocked AS (
       SELECT m.user_id AS user_id, m.topic_id AS topic_id, d.dependent AS dependent
       FROM m INNER JOIN dependents AS d ON m.topic_id = d.prerequisite
     ),
     mastered AS (SELECT user_id, topic_id FROM m WHERE mastery >= {threshold:Float64}),
     impact AS (
       SELECT b.user_id AS user_id, b.topic_id AS topic_id, toUInt32(count()) AS n FROM blocked AS b
       WHERE (b.user_id, b.dependent) NOT IN (SELECT user_id, topic_id FROM mastered)
       GROUP BY b.user_id, b.topic_id
     ),
     recent AS (
       SELECT user_id, topic_id, count() AS n, sum(is_correct) AS c FROM question_attempts FINAL
       WHERE app_id = {app:String} AND user_id IN {users:Array(String)}
         AND attempted_at >= {recentFrom:DateTime64(3, 'UTC')} AND attempted_at < {asOf:DateTime64(3, 'UTC')}
       GROUP BY user_id, topic_id
     ),
     terms AS (
       SELECT m.user_id AS user_id, m.topic_id AS topic_id, m.mastery AS mastery, 1 - m.mastery AS gap, cur.board_exam_weight AS weight,
              i.n AS impact, if(r.n = 0, 0, 1 - r.c / r.n) AS rfr
       FROM m
       INNER JOIN curriculum AS cur ON m.topic_id = cur.topic_id
       LEFT JOIN impact AS i ON m.user_id = i.user_id AND m.topic_id = i.topic_id
       LEFT JOIN recent AS r ON m.user_id = r.user_id AND m.topic_id = r.topic_id
     )
     SELECT {app:String}, user_id, topic_id, {version:UInt16}, {asOf:DateTime64(3, 'UTC')}, mastery, gap, weight, impact, rfr,
            gap * ${w.gap} + weight * ${w.boardExamWeight} + impact * ${w.prerequisiteImpact} + rfr * ${w.recentFailureRate},
            mastery < {threshold:Float64}
     FROM terms
     SETTINGS join_use_nulls = 0`,
    {
      app: c.appId,
      users: c.users,
      version: c.version,
      asOf: toEngineTime(c.asOfMs),
      recentFrom: toEngineTime(c.asOfMs - RECENT_DAYS * 86_400_000),
      threshold: MASTERY_THRESHOLD,
    },
  );
}
