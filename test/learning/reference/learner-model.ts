// Plain-TypeScript references for the learner model (seed 002), written from the seed's formulas
// and docs/learning.md, independent of the engine's SQL: the answer quality, the seed's review rule
// and SM-2, the forgetting curve, mastery, gap priority, the daily tables and rolling metrics.

export interface RefEvent {
  readonly event_id: string;
  readonly event_name: string;
  readonly user_id: string;
  readonly session_id: string;
  readonly timestamp: string;
  readonly properties: Record<string, unknown>;
}

export interface RefTopic {
  readonly topic_id: string;
  readonly board_exam_weight: number;
  readonly prerequisites: readonly string[];
  readonly materials: readonly string[];
}

const DAY = 86_400_000;

// ---- spaced repetition ------------------------------------------------------------------------

/** quality 0–5: wrong 1; right ≤ 15 s 5, ≤ 45 s 4, slower 3; right without a time 4 */
export function quality(isCorrect: boolean, seconds: number | null): number {
  if (!isCorrect) return 1;
  if (seconds === null) return 4;
  if (seconds <= 15) return 5;
  if (seconds <= 45) return 4;
  return 3;
}

/** the seed's rule, as its Python reads */
export function seedNextInterval(interval: number, q: number): number {
  if (q < 3) return 1;
  if (interval === 0) return 1;
  if (interval === 1) return 6;
  const easiness = 1.3 + (q - 3) * 0.2;
  return Math.trunc(interval * easiness);
}

export interface Sm2State {
  readonly repetitions: number;
  readonly interval: number;
  readonly easiness: number;
}

export const SM2_START: Sm2State = { repetitions: 0, interval: 0, easiness: 2.5 };

/** SuperMemo SM-2 (Wozniak 1990) */
export function sm2Next(s: Sm2State, q: number): Sm2State {
  let repetitions: number;
  let interval: number;
  if (q >= 3) {
    interval = s.repetitions === 0 ? 1 : s.repetitions === 1 ? 6 : Math.ceil(s.interval * s.easiness);
    repetitions = s.repetitions + 1;
  } else {
    repetitions = 0;
    interval = 1;
  }
  const easiness = Math.max(1.3, s.easiness + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)));
  return { repetitions, interval, easiness };
}

export function intervalAfter(version: 1 | 2, qualities: readonly number[]): number {
  if (version === 1) return qualities.reduce((iv, q) => seedNextInterval(iv, q), 0);
  return qualities.reduce((s, q) => sm2Next(s, q), SM2_START).interval;
}

/** the forgetting curve R = e^(−t/S), t and S in days */
export function retrievability(tDays: number, stabilityDays: number): number {
  return Math.exp(-(tDays / stabilityDays));
}

// ---- attempts ---------------------------------------------------------------------------------

export interface RefAttempt {
  readonly user_id: string;
  readonly question_id: string;
  readonly topic_id: string;
  readonly ms: number;
  readonly event_id: string;
  readonly is_correct: boolean;
  readonly seconds: number | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

export function attemptsOf(events: readonly RefEvent[]): RefAttempt[] {
  return events
    .filter((e) => e.event_name === 'question_answered' && (typeof e.properties.question_id === 'string' || Number.isInteger(e.properties.question_id)))
    .map((e) => {
      const sel = e.properties.selected_answer;
      const cor = e.properties.correct_answer;
      const answerText = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
      const s = answerText(sel);
      const c = answerText(cor);
      const isCorrect = s !== undefined && c !== undefined ? s === c : e.properties.is_correct === true;
      const t = e.properties.time_to_answer_seconds;
      return { user_id: e.user_id, question_id: text(e.properties.question_id), topic_id: text(e.properties.topic_id), ms: Date.parse(e.timestamp), event_id: e.event_id, is_correct: isCorrect, seconds: typeof t === 'number' ? t : null };
    });
}

const byTime = (a: RefAttempt, b: RefAttempt) => a.ms - b.ms || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);

export interface RefReview {
  readonly user_id: string;
  readonly question_id: string;
  readonly topic_id: string;
  readonly attempts: number;
  readonly correct: number;
  readonly first_correct: boolean;
  readonly last_attempt_ms: number;
  readonly last_quality: number;
  /** uncapped */
  readonly interval: number;
  readonly due_ms: number;
  readonly last_correct_ms: number | null;
}

export function reviews(events: readonly RefEvent[], asOfMs: number, version: 1 | 2): RefReview[] {
  const groups = new Map<string, RefAttempt[]>();
  for (const a of attemptsOf(events)) {
    if (a.ms >= asOfMs) continue;
    const k = `${a.user_id}\u0000${a.question_id}`;
    const g = groups.get(k) ?? [];
    g.push(a);
    groups.set(k, g);
  }
  const out: RefReview[] = [];
  for (const g of groups.values()) {
    g.sort(byTime);
    const qs = g.map((a) => quality(a.is_correct, a.seconds));
    const interval = intervalAfter(version, qs);
    const last = g[g.length - 1];
    const rights = g.filter((a) => a.is_correct);
    out.push({
      user_id: last.user_id,
      question_id: last.question_id,
      topic_id: last.topic_id,
      attempts: g.length,
      correct: rights.length,
      first_correct: g[0].is_correct,
      last_attempt_ms: last.ms,
      last_quality: qs[qs.length - 1],
      interval,
      due_ms: last.ms + Math.min(interval, 36_500) * DAY,
      last_correct_ms: rights.length ? rights[rights.length - 1].ms : null,
    });
  }
  return out;
}

// ---- mastery ----------------------------------------------------------------------------------

export interface RefMastery {
  readonly user_id: string;
  readonly topic_id: string;
  readonly attempts: number;
  readonly first_attempt_accuracy: number;
  readonly overall_accuracy: number;
  readonly retrieval_strength: number;
  readonly material_completion: number;
  readonly mastery: number;
}

export function masteryScore(faa: number, oa: number, rs: number, mc: number): number {
  return 0.3 * faa + 0.2 * oa + 0.3 * rs + 0.2 * mc;
}

/** furthest progress per user and material before asOf (material_open counts as 0) */
function progressOf(events: readonly RefEvent[], asOfMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if ((e.event_name !== 'material_open' && e.event_name !== 'material_progress') || Date.parse(e.timestamp) >= asOfMs) continue;
    const m = text(e.properties.material_id);
    if (m === '') continue;
    const p = e.event_name === 'material_progress' && typeof e.properties.progress === 'number' ? Math.min(Math.max(e.properties.progress, 0), 1) : 0;
    const k = `${e.user_id}\u0000${m}`;
    out.set(k, Math.max(out.get(k) ?? 0, p));
  }
  return out;
}

export function mastery(events: readonly RefEvent[], topics: readonly RefTopic[], asOfMs: number, version: 1 | 2): RefMastery[] {
  const byTopic = new Map(topics.map((t) => [t.topic_id, t]));
  const rs = reviews(events, asOfMs, version);
  const progress = progressOf(events, asOfMs);
  const pairs = new Map<string, { user: string; topic: string }>();
  for (const r of rs) if (byTopic.has(r.topic_id)) pairs.set(`${r.user_id}\u0000${r.topic_id}`, { user: r.user_id, topic: r.topic_id });
  for (const k of progress.keys()) {
    const [user, material] = k.split('\u0000');
    for (const t of topics) if (t.materials.includes(material)) pairs.set(`${user}\u0000${t.topic_id}`, { user, topic: t.topic_id });
  }
  const out: RefMastery[] = [];
  for (const { user, topic } of pairs.values()) {
    const t = byTopic.get(topic) as RefTopic;
    const qs = rs.filter((r) => r.user_id === user && r.topic_id === topic);
    const attempts = qs.reduce((s, q) => s + q.attempts, 0);
    const faa = qs.length ? qs.filter((q) => q.first_correct).length / qs.length : 0;
    const oa = attempts ? qs.reduce((s, q) => s + q.correct, 0) / attempts : 0;
    const r = qs.length ? qs.reduce((s, q) => s + (q.last_correct_ms === null ? 0 : retrievability((asOfMs - q.last_correct_ms) / DAY, q.interval)), 0) / qs.length : 0;
    const mc = t.materials.length === 0 ? 1 : t.materials.reduce((s, m) => s + (progress.get(`${user}\u0000${m}`) ?? 0), 0) / t.materials.length;
    out.push({ user_id: user, topic_id: topic, attempts, first_attempt_accuracy: faa, overall_accuracy: oa, retrieval_strength: r, material_completion: mc, mastery: masteryScore(faa, oa, r, mc) });
  }
  return out.sort((a, b) => (a.user_id + a.topic_id < b.user_id + b.topic_id ? -1 : 1));
}

// ---- gaps -------------------------------------------------------------------------------------

export function priority(gap: number, boardExamWeight: number, prerequisiteImpact: number, recentFailureRate: number): number {
  return gap * 3.0 + boardExamWeight * 2.0 + prerequisiteImpact * 1.0 + recentFailureRate * 1.5;
}

export interface RefGap {
  readonly user_id: string;
  readonly topic_id: string;
  readonly mastery: number;
  readonly prerequisite_impact: number;
  readonly recent_failure_rate: number;
  readonly priority: number;
  readonly is_gap: boolean;
}

export function gaps(events: readonly RefEvent[], topics: readonly RefTopic[], masteryRows: readonly { user_id: string; topic_id: string; mastery: number }[], asOfMs: number): RefGap[] {
  const m = new Map(masteryRows.map((r) => [`${r.user_id}\u0000${r.topic_id}`, r.mastery]));
  const attempts = attemptsOf(events).filter((a) => a.ms >= asOfMs - 14 * DAY && a.ms < asOfMs);
  const out: RefGap[] = [];
  for (const row of masteryRows) {
    const t = topics.find((x) => x.topic_id === row.topic_id);
    if (!t) continue;
    const impact = topics.filter((d) => d.prerequisites.includes(t.topic_id) && (m.get(`${row.user_id}\u0000${d.topic_id}`) ?? 0) < 0.7).length;
    const recent = attempts.filter((a) => a.user_id === row.user_id && a.topic_id === t.topic_id);
    const rfr = recent.length ? 1 - recent.filter((a) => a.is_correct).length / recent.length : 0;
    const gap = 1 - row.mastery;
    out.push({ user_id: row.user_id, topic_id: t.topic_id, mastery: row.mastery, prerequisite_impact: impact, recent_failure_rate: rfr, priority: priority(gap, t.board_exam_weight, impact, rfr), is_gap: row.mastery < 0.7 });
  }
  return out;
}

// ---- daily tables -----------------------------------------------------------------------------

const LEARNING = new Set(['question_answered', 'material_open', 'material_progress', 'session_start', 'session_end']);

export interface RefDaily {
  readonly user_id: string;
  readonly questions_attempted: number;
  readonly correct: number;
  readonly materials_opened: number;
  readonly answer_seconds: number;
  readonly material_seconds: number;
  readonly sessions: number;
  readonly topics_studied: number;
}

export function dailyUserStats(events: readonly RefEvent[], dayMs: number): RefDaily[] {
  const users = new Map<string, RefEvent[]>();
  for (const e of events) {
    const ms = Date.parse(e.timestamp);
    if (!LEARNING.has(e.event_name) || ms < dayMs || ms >= dayMs + DAY) continue;
    users.set(e.user_id, [...(users.get(e.user_id) ?? []), e]);
  }
  const num = (v: unknown) => (typeof v === 'number' ? Math.max(v, 0) : 0);
  return [...users.entries()]
    .map(([user, es]) => {
      const answers = attemptsOf(es);
      return {
        user_id: user,
        questions_attempted: es.filter((e) => e.event_name === 'question_answered').length,
        correct: answers.filter((a) => a.is_correct).length,
        materials_opened: es.filter((e) => e.event_name === 'material_open').length,
        answer_seconds: es.filter((e) => e.event_name === 'question_answered').reduce((s, e) => s + num(e.properties.time_to_answer_seconds), 0),
        material_seconds: es.filter((e) => e.event_name === 'material_progress').reduce((s, e) => s + num(e.properties.seconds), 0),
        sessions: new Set(es.map((e) => e.session_id).filter((s) => s !== '')).size,
        topics_studied: new Set(es.filter((e) => e.event_name !== 'session_start' && e.event_name !== 'session_end').map((e) => text(e.properties.topic_id)).filter((s) => s !== '')).size,
      };
    })
    .sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
}

export interface RefTopicDay {
  readonly topic_id: string;
  readonly attempts: number;
  readonly correct: number;
  readonly first_attempts: number;
  readonly first_correct: number;
  readonly learners: number;
}

export function topicDailyStats(events: readonly RefEvent[], dayMs: number): RefTopicDay[] {
  const all = attemptsOf(events).sort(byTime);
  const firstIds = new Set<string>();
  const seen = new Set<string>();
  for (const a of all) {
    const k = `${a.user_id}\u0000${a.question_id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    firstIds.add(a.event_id);
  }
  const day = all.filter((a) => a.ms >= dayMs && a.ms < dayMs + DAY);
  const topics = [...new Set(day.map((a) => a.topic_id))].sort();
  return topics.map((t) => {
    const as = day.filter((a) => a.topic_id === t);
    const firsts = as.filter((a) => firstIds.has(a.event_id));
    return { topic_id: t, attempts: as.length, correct: as.filter((a) => a.is_correct).length, first_attempts: firsts.length, first_correct: firsts.filter((a) => a.is_correct).length, learners: new Set(as.map((a) => a.user_id)).size };
  });
}

/** rolling windows over daily rows: the n days ending on `dayMs` */
export function rollingMetrics(daily: ReadonlyMap<number, readonly RefDaily[]>, user: string, dayMs: number, n: number): { questions: number; correct: number; study_seconds: number; active_days: number } {
  let questions = 0;
  let correct = 0;
  let seconds = 0;
  let active = 0;
  for (const [d, rows] of daily) {
    if (d <= dayMs - n * DAY || d > dayMs) continue;
    const r = rows.find((x) => x.user_id === user);
    if (!r) continue;
    questions += r.questions_attempted;
    correct += r.correct;
    seconds += r.answer_seconds + r.material_seconds;
    active++;
  }
  return { questions, correct, study_seconds: seconds, active_days: active };
}
