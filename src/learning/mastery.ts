// Topic mastery and the review schedule for a set of users as of one instant (seed 002):
//   mastery = 0.30·first_attempt_accuracy + 0.20·overall_accuracy + 0.30·retrieval_strength
//           + 0.20·material_completion, each term in [0, 1], so mastery is in [0, 1].
// Per (user, topic) of the curriculum with an attempt or a material interaction before `asOf`:
//   - a question's topic is the topic_id of its latest attempt; its attempts are ordered by
//     (attempted_at, event_id);
//   - first_attempt_accuracy: the share of the topic's questions whose first attempt was right;
//   - overall_accuracy: right attempts / attempts, over the topic's questions;
//   - retrieval_strength: the mean over the topic's questions of R = e^(−t/S) — the exponential
//     forgetting curve (Ebbinghaus 1885, in the form of Wozniak, Gorzelańczyk & Murakowski 1995):
//     t = days from the question's last right answer to `asOf`, S = the question's current review
//     interval in days (spaced-repetition.ts, ≥ 1 after any answer); a question never answered right
//     has R = 0; t = 0 gives R = 1;
//   - material_completion: the mean over the topic's curriculum materials of the learner's furthest
//     progress (0–1; material_open alone is 0); a topic without materials counts as complete (1).
//   No attempt on a topic: the three attempt terms are 0. Topics not in the curriculum (an unknown
//   topic_id in an event is accepted and kept in question_attempts) get no mastery until added.
// Both statements write rows keyed by (app, user, topic or question, version) with computed_for =
// asOf: re-running the same instant replaces them, and an older instant never replaces a newer one.

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { PROGRESS_SQL, textProp } from './learner-sql.ts';
import { MAX_INTERVAL_DAYS, QUALITY_SQL, intervalSql, type CalculationVersion } from './spaced-repetition.ts';

export const MASTERY_WEIGHTS = Object.freeze({ firstAttemptAccuracy: 0.3, overallAccuracy: 0.2, retrievalStrength: 0.3, materialCompletion: 0.2 });

export interface LearnerChunk {
  readonly appId: string;
  /** the users to compute (at most a chunk) */
  readonly users: readonly string[];
  readonly asOfMs: number;
  readonly version: CalculationVersion;
  readonly computedAtMs: number;
}

function params(c: LearnerChunk): Record<string, unknown> {
  return { app: c.appId, users: c.users, asOf: toEngineTime(c.asOfMs), version: c.version, computedAt: toEngineTime(c.computedAtMs), maxInterval: MAX_INTERVAL_DAYS };
}

/** one row per (user, question) answered before asOf: counts, first answer, last right answer, interval */
function questionsCte(version: CalculationVersion): string {
  return `
    attempts AS (
      SELECT user_id, question_id, (attempted_at, toString(event_id), is_correct, ${QUALITY_SQL}, topic_id) AS a
      FROM question_attempts FINAL
      WHERE app_id = {app:String} AND user_id IN {users:Array(String)} AND attempted_at < {asOf:DateTime64(3, 'UTC')}
    ),
    sequences AS (
      SELECT user_id, question_id, arraySort(groupArray(a)) AS seq FROM attempts GROUP BY user_id, question_id
    ),
    questions AS (
      SELECT
        user_id, question_id,
        seq[-1].5 AS topic_id,
        toUInt64(length(seq)) AS n,
        toUInt64(arraySum(arrayMap(x -> x.3, seq))) AS c,
        seq[1].3 AS first_correct,
        seq[-1].1 AS last_at,
        seq[-1].4 AS last_quality,
        ${intervalSql(version, 'arrayMap(x -> x.4, seq)')} AS interval_days,
        arrayMax(arrayMap(x -> if(x.3 = 1, toUnixTimestamp64Milli(x.1), -1), seq)) AS last_correct_ms,
        if(last_correct_ms < 0, 0, exp(-((toUnixTimestamp64Milli({asOf:DateTime64(3, 'UTC')}) - last_correct_ms) / 86400000) / interval_days)) AS r
      FROM sequences
    )`;
}

/** writes review_schedule rows for the chunk; returns nothing (the engine counts them) */
export async function writeReviewSchedule(store: StoreConnection, c: LearnerChunk): Promise<void> {
  await store.command(
    `INSERT INTO review_schedule (app_id, user_id, question_id, calculation_version, computed_for, topic_id, attempts, last_attempt_at, last_quality, interval_days, due_at)
     WITH ${questionsCte(c.version)}
     SELECT {app:String}, user_id, question_id, {version:UInt16}, {asOf:DateTime64(3, 'UTC')}, topic_id, n, last_at, last_quality,
            toUInt32(least(interval_days, {maxInterval:UInt32})),
            addDays(last_at, toUInt32(least(interval_days, {maxInterval:UInt32})))
     FROM questions`,
    params(c),
  );
}

/** writes topic_mastery rows for the chunk */
export async function writeTopicMastery(store: StoreConnection, c: LearnerChunk): Promise<void> {
  const w = MASTERY_WEIGHTS;
  await store.command(
    `INSERT INTO topic_mastery (app_id, user_id, topic_id, calculation_version, computed_for, computed_at, attempts, correct, questions,
                                first_attempt_accuracy, overall_accuracy, retrieval_strength, material_completion, mastery)
     WITH ${questionsCte(c.version)},
     curriculum AS (SELECT topic_id, materials FROM learning_topics FINAL WHERE app_id = {app:String}),
     progress AS (
       SELECT user_id, material_id, max(p) AS p FROM (
         SELECT user_id, ${textProp('material_id')} AS material_id, ${PROGRESS_SQL} AS p
         FROM events
         WHERE app_id = {app:String} AND event_name IN ('material_open', 'material_progress') AND user_id IN {users:Array(String)} AND timestamp < {asOf:DateTime64(3, 'UTC')}
       ) WHERE material_id != '' GROUP BY user_id, material_id
     ),
     topic_materials AS (SELECT topic_id, arrayJoin(materials) AS material_id FROM curriculum),
     by_material AS (
       SELECT p.user_id AS user_id, tm.topic_id AS topic_id, sum(p.p) AS done
       FROM progress AS p INNER JOIN topic_materials AS tm ON p.material_id = tm.material_id
       GROUP BY user_id, topic_id
     ),
     by_question AS (
       SELECT user_id, topic_id, sum(n) AS attempts, sum(c) AS correct, count() AS questions,
              avg(first_correct) AS faa, sum(c) / sum(n) AS oa, avg(r) AS rs
       FROM questions GROUP BY user_id, topic_id
     ),
     pairs AS (SELECT user_id, topic_id FROM by_question UNION DISTINCT SELECT user_id, topic_id FROM by_material),
     terms AS (
       SELECT pairs.user_id AS user_id, pairs.topic_id AS topic_id,
              q.attempts AS attempts, q.correct AS correct, q.questions AS questions,
              q.faa AS faa, q.oa AS oa, q.rs AS rs,
              if(length(cur.materials) = 0, 1, m.done / length(cur.materials)) AS mc
       FROM pairs
       INNER JOIN curriculum AS cur ON pairs.topic_id = cur.topic_id
       LEFT JOIN by_question AS q ON pairs.user_id = q.user_id AND pairs.topic_id = q.topic_id
       LEFT JOIN by_material AS m ON pairs.user_id = m.user_id AND pairs.topic_id = m.topic_id
     )
     SELECT {app:String}, user_id, topic_id, {version:UInt16}, {asOf:DateTime64(3, 'UTC')}, {computedAt:DateTime64(3, 'UTC')},
            attempts, correct, questions, faa, oa, rs, mc,
            ${w.firstAttemptAccuracy} * faa + ${w.overallAccuracy} * oa + ${w.retrievalStrength} * rs + ${w.materialCompletion} * mc
     FROM terms
     SETTINGS join_use_nulls = 0`,
    params(c),
  );
}
