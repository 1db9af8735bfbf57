// What one learner's views read (seed 002's "Common Queries"), each one bounded statement on the
// table the seed names, ordered by its key: the dashboard (user_learning_metrics + 90 rows of
// daily_user_stats), the heatmap (daily_user_stats), recent sessions (study_sessions), material
// progress (material_interactions), mastery with topics (topic_mastery + learning_topics), ranked
// gaps (knowledge_gaps + learning_topics), due reviews (review_schedule) and one question's history
// (question_attempts, with the attempt number). Reads only; all values bound.

import { toEngineTime } from '../event/index.ts';
import { isoFromEngineTime, type StoreConnection } from '../store/index.ts';
import { DAY_MS, STATS_CALCULATION_VERSION } from './daily-stats.ts';
import type { CalculationVersion } from './spaced-repetition.ts';

/** a material counts as completed from this progress on */
export const MATERIAL_COMPLETED_AT = 0.9;

export interface LearnerRef {
  readonly appId: string;
  readonly userId: string;
}

const n = (v: unknown): number => Number(v);
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface DailyRow {
  date: string;
  questions_attempted: number;
  correct: number;
  accuracy: number | null;
  materials_opened: number;
  study_seconds: number;
  sessions: number;
  topics_studied: number;
}

/** daily_user_stats of the `days` days ending on `endDayMs` (days without activity have no row) */
export async function dailyRows(store: StoreConnection, l: LearnerRef, endDayMs: number, days: number): Promise<DailyRow[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT toString(stat_date) AS date, questions_attempted, correct, materials_opened, answer_seconds + material_seconds AS study_seconds, sessions, topics_studied
     FROM daily_user_stats FINAL
     WHERE app_id = {app:String} AND user_id = {user:String} AND stat_date > toDate({end:String}) - {days:UInt32} AND stat_date <= toDate({end:String})
       AND calculation_version = {version:UInt16}
     ORDER BY stat_date`,
    { app: l.appId, user: l.userId, end: dayText(endDayMs), days, version: STATS_CALCULATION_VERSION },
  );
  return rows.map((r) => ({
    date: String(r.date),
    questions_attempted: n(r.questions_attempted),
    correct: n(r.correct),
    accuracy: ratio(n(r.correct), n(r.questions_attempted)),
    materials_opened: n(r.materials_opened),
    study_seconds: n(r.study_seconds),
    sessions: n(r.sessions),
    topics_studied: n(r.topics_studied),
  }));
}

export interface WindowOverview {
  questions: number;
  correct: number;
  accuracy: number | null;
  study_seconds: number;
  active_days: number;
}

export interface Overview {
  as_of_date: string;
  last_7_days: WindowOverview;
  last_30_days: WindowOverview;
  last_90_days: WindowOverview;
}

/**
 * The dashboard (seed 002's Step 3) as one value read by key: the learner's latest
 * user_learning_metrics row keeps, as JSON, the 7/30/90-day figures and the daily rows of the 90
 * days ending on its as_of_date (written by the daily job, daily-stats.ts). No FINAL: the newest
 * row of the key is taken by ORDER BY … LIMIT 1.
 */
export async function dashboard(store: StoreConnection, l: LearnerRef): Promise<{ overview: Overview | null; daily: DailyRow[] }> {
  const [r] = await store.query<{ dashboard: string }>(
    `SELECT dashboard FROM user_learning_metrics
     WHERE app_id = {app:String} AND user_id = {user:String} AND calculation_version = {version:UInt16}
     ORDER BY as_of_date DESC, computed_at DESC LIMIT 1`,
    { app: l.appId, user: l.userId, version: STATS_CALCULATION_VERSION },
  );
  if (!r || r.dashboard === '') return { overview: null, daily: [] };
  const [asOf, figures, days] = JSON.parse(r.dashboard) as [string, Array<number | string>, Array<[string, ...Array<number | string>]>];
  const f = figures.map(n);
  const w = (i: number): WindowOverview => ({ questions: f[i], correct: f[i + 1], accuracy: ratio(f[i + 1], f[i]), study_seconds: f[i + 2], active_days: f[i + 3] });
  const daily = days.map(([date, q, c, m, secs, sessions, topics]) => ({
    date,
    questions_attempted: n(q),
    correct: n(c),
    accuracy: ratio(n(c), n(q)),
    materials_opened: n(m),
    study_seconds: n(secs),
    sessions: n(sessions),
    topics_studied: n(topics),
  }));
  return { overview: { as_of_date: asOf, last_7_days: w(0), last_30_days: w(4), last_90_days: w(8) }, daily };
}

export interface SessionRow {
  session_id: string;
  started_at: string;
  ended_at: string;
  duration_seconds: number;
  ended: boolean;
  materials_viewed: number;
  questions_attempted: number;
  correct: number;
  device_type: string;
}

/** sessions started in the `days` days before `nowMs`, newest first */
export async function recentSessions(store: StoreConnection, l: LearnerRef, nowMs: number, days: number, limit: number): Promise<SessionRow[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT session_id, min(started_at) AS s, max(last_event_at) AS last, max(ended_at) AS e,
            sum(materials_viewed) AS materials_viewed, sum(questions_attempted) AS questions_attempted, sum(correct) AS correct, anyLast(device_type) AS device_type
     FROM study_sessions
     WHERE app_id = {app:String} AND user_id = {user:String}
     GROUP BY session_id
     HAVING s >= {from:DateTime64(3, 'UTC')} AND s < {to:DateTime64(3, 'UTC')}
     ORDER BY s DESC, session_id LIMIT {limit:UInt32}`,
    { app: l.appId, user: l.userId, from: toEngineTime(nowMs - days * DAY_MS), to: toEngineTime(nowMs), limit },
  );
  return rows.map((r) => {
    const started = Date.parse(isoFromEngineTime(String(r.s)));
    const endMs = Date.parse(isoFromEngineTime(String(r.e)));
    const ended = endMs > 0;
    const end = ended ? endMs : Date.parse(isoFromEngineTime(String(r.last)));
    return {
      session_id: String(r.session_id),
      started_at: new Date(started).toISOString(),
      ended_at: new Date(end).toISOString(),
      duration_seconds: Math.max(0, (end - started) / 1000),
      ended,
      materials_viewed: n(r.materials_viewed),
      questions_attempted: n(r.questions_attempted),
      correct: n(r.correct),
      device_type: String(r.device_type),
    };
  });
}

export interface MaterialRow {
  material_id: string;
  topic_id: string;
  progress: number;
  completed: boolean;
  seconds: number;
  opens: number;
  first_at: string;
  last_at: string;
}

export async function materialProgress(store: StoreConnection, l: LearnerRef, limit: number): Promise<MaterialRow[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT material_id, anyLast(topic_id) AS topic_id, max(progress) AS progress, sum(seconds) AS seconds, sum(opens) AS opens, min(first_at) AS first_at, max(last_at) AS last_at
     FROM material_interactions WHERE app_id = {app:String} AND user_id = {user:String}
     GROUP BY material_id ORDER BY last_at DESC, material_id LIMIT {limit:UInt32}`,
    { app: l.appId, user: l.userId, limit },
  );
  return rows.map((r) => ({
    material_id: String(r.material_id),
    topic_id: String(r.topic_id),
    progress: n(r.progress),
    completed: n(r.progress) >= MATERIAL_COMPLETED_AT,
    seconds: n(r.seconds),
    opens: n(r.opens),
    first_at: isoFromEngineTime(String(r.first_at)),
    last_at: isoFromEngineTime(String(r.last_at)),
  }));
}

export interface MasteryRow {
  topic_id: string;
  name: string;
  parent: string | null;
  board_exam_weight: number;
  mastery: number;
  first_attempt_accuracy: number;
  overall_accuracy: number;
  retrieval_strength: number;
  material_completion: number;
  attempts: number;
  questions: number;
  computed_for: string;
  calculation_version: number;
}

/** the learner's mastery of each curriculum topic with a row, highest weight first */
export async function learnerMastery(store: StoreConnection, l: LearnerRef, version: CalculationVersion): Promise<MasteryRow[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT m.topic_id AS topic_id, t.name AS name, t.parent AS parent, t.board_exam_weight AS board_exam_weight, m.mastery AS mastery,
            m.first_attempt_accuracy AS first_attempt_accuracy, m.overall_accuracy AS overall_accuracy, m.retrieval_strength AS retrieval_strength,
            m.material_completion AS material_completion, m.attempts AS attempts, m.questions AS questions, m.computed_for AS computed_for, m.calculation_version AS calculation_version
     FROM (SELECT * FROM topic_mastery FINAL WHERE app_id = {app:String} AND user_id = {user:String} AND calculation_version = {version:UInt16}) AS m
     INNER JOIN (SELECT topic_id, name, parent, board_exam_weight FROM learning_topics FINAL WHERE app_id = {app:String}) AS t ON m.topic_id = t.topic_id
     ORDER BY board_exam_weight DESC, topic_id`,
    { app: l.appId, user: l.userId, version },
  );
  return rows.map((r) => ({
    topic_id: String(r.topic_id),
    name: String(r.name),
    parent: r.parent === '' ? null : String(r.parent),
    board_exam_weight: n(r.board_exam_weight),
    mastery: n(r.mastery),
    first_attempt_accuracy: n(r.first_attempt_accuracy),
    overall_accuracy: n(r.overall_accuracy),
    retrieval_strength: n(r.retrieval_strength),
    material_completion: n(r.material_completion),
    attempts: n(r.attempts),
    questions: n(r.questions),
    computed_for: isoFromEngineTime(String(r.computed_for)),
    calculation_version: n(r.calculation_version),
  }));
}

export interface GapRow {
  topic_id: string;
  name: string;
  priority: number;
  mastery: number;
  gap: number;
  board_exam_weight: number;
  prerequisite_impact: number;
  recent_failure_rate: number;
  computed_for: string;
}

/** the learner's gaps, highest priority first */
export async function learnerGaps(store: StoreConnection, l: LearnerRef, version: CalculationVersion, limit: number): Promise<GapRow[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT g.topic_id AS topic_id, t.name AS name, g.priority AS priority, g.mastery AS mastery, g.gap AS gap, g.board_exam_weight AS board_exam_weight,
            g.prerequisite_impact AS prerequisite_impact, g.recent_failure_rate AS recent_failure_rate, g.computed_for AS computed_for
     FROM (SELECT * FROM knowledge_gaps FINAL WHERE app_id = {app:String} AND user_id = {user:String} AND calculation_version = {version:UInt16} AND is_gap = 1) AS g
     INNER JOIN (SELECT topic_id, name FROM learning_topics FINAL WHERE app_id = {app:String}) AS t ON g.topic_id = t.topic_id
     ORDER BY priority DESC, topic_id LIMIT {limit:UInt32}`,
    { app: l.appId, user: l.userId, version, limit },
  );
  return rows.map((r) => ({
    topic_id: String(r.topic_id),
    name: String(r.name),
    priority: n(r.priority),
    mastery: n(r.mastery),
    gap: n(r.gap),
    board_exam_weight: n(r.board_exam_weight),
    prerequisite_impact: n(r.prerequisite_impact),
    recent_failure_rate: n(r.recent_failure_rate),
    computed_for: isoFromEngineTime(String(r.computed_for)),
  }));
}

export interface DueReview {
  question_id: string;
  topic_id: string;
  due_at: string;
  interval_days: number;
  last_attempt_at: string;
  last_quality: number;
  attempts: number;
}

/** questions due at or before `atMs`, most overdue first */
export async function dueReviews(store: StoreConnection, l: LearnerRef, atMs: number, version: CalculationVersion, limit: number): Promise<DueReview[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT question_id, topic_id, due_at, interval_days, last_attempt_at, last_quality, attempts FROM review_schedule FINAL
     WHERE app_id = {app:String} AND user_id = {user:String} AND calculation_version = {version:UInt16} AND due_at <= {at:DateTime64(3, 'UTC')}
     ORDER BY due_at, question_id LIMIT {limit:UInt32}`,
    { app: l.appId, user: l.userId, version, at: toEngineTime(atMs), limit },
  );
  return rows.map((r) => ({
    question_id: String(r.question_id),
    topic_id: String(r.topic_id),
    due_at: isoFromEngineTime(String(r.due_at)),
    interval_days: n(r.interval_days),
    last_attempt_at: isoFromEngineTime(String(r.last_attempt_at)),
    last_quality: n(r.last_quality),
    attempts: n(r.attempts),
  }));
}

export interface HistoryAttempt {
  attempt_number: number;
  attempted_at: string;
  topic_id: string;
  selected_answer: string;
  correct_answer: string;
  is_correct: boolean;
  time_to_answer_seconds: number | null;
}

/**
 * One question's history in one statement: every attempt by the learner, first first, numbered
 * 1, 2, … (at most `limit`), and the question's review row (null before the mastery job saw it).
 */
export async function questionHistory(store: StoreConnection, l: LearnerRef, questionId: string, version: CalculationVersion, limit: number): Promise<{ attempts: HistoryAttempt[]; review: DueReview | null }> {
  const [row] = await store.query<{ attempts: Array<[string, string, string, string, number, number | null]>; review: Array<[string, string, string, number, string, number, number]> }>(
    `SELECT
       (SELECT groupArray((toString(attempted_at), topic_id, selected_answer, correct_answer, is_correct, time_to_answer_seconds)) FROM (
          SELECT attempted_at, topic_id, selected_answer, correct_answer, is_correct, time_to_answer_seconds FROM question_attempts FINAL
          WHERE app_id = {app:String} AND user_id = {user:String} AND question_id = {question:String}
          ORDER BY attempted_at, event_id LIMIT {limit:UInt32})) AS attempts,
       (SELECT groupArray((question_id, topic_id, toString(due_at), interval_days, toString(last_attempt_at), last_quality, attempts)) FROM review_schedule FINAL
          WHERE app_id = {app:String} AND user_id = {user:String} AND question_id = {question:String} AND calculation_version = {version:UInt16}) AS review`,
    { app: l.appId, user: l.userId, question: questionId, version, limit },
  );
  const attempts = row.attempts.map(([at, topic, selected, correct, isCorrect, seconds], i) => ({
    attempt_number: i + 1,
    attempted_at: isoFromEngineTime(at),
    topic_id: topic,
    selected_answer: selected,
    correct_answer: correct,
    is_correct: n(isCorrect) === 1,
    time_to_answer_seconds: seconds === null ? null : n(seconds),
  }));
  const r = row.review[0];
  const review = r
    ? { question_id: r[0], topic_id: r[1], due_at: isoFromEngineTime(r[2]), interval_days: n(r[3]), last_attempt_at: isoFromEngineTime(r[4]), last_quality: n(r[5]), attempts: n(r[6]) }
    : null;
  return { attempts, review };
}
