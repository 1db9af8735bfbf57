// The learner benchmark's data: a curriculum of N topics (each with 4 materials and up to 3
// prerequisites among earlier topics, exam weights 0–10) and a study history of `events` study
// events for `learners` learners over `days` days ending at a fixed instant. A learner studies in
// sessions (session_start, a material opened and read, a run of answers, session_end); answers are
// right more often as a learner's skill grows. Streamed from a seeded generator: the same options
// always give the same history (event ids aside), and memory stays flat whatever the count.

import { uuidv7 } from '../../src/event/index.ts';

export interface LearningDatasetOptions {
  readonly appId: string;
  readonly events: number;
  readonly learners: number;
  readonly topics: number;
  readonly days: number;
  readonly endMs: number;
  readonly seed: number;
}

export interface BenchTopic {
  readonly topic_id: string;
  readonly name: string;
  readonly board_exam_weight: number;
  readonly prerequisites: string[];
  readonly materials: string[];
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function benchTopics(n: number, seed: number): BenchTopic[] {
  const r = random(seed + 1);
  return Array.from({ length: n }, (_, i) => ({
    topic_id: `t${i}`,
    name: `Topic ${i}`,
    board_exam_weight: Math.round(r() * 100) / 10,
    prerequisites: i === 0 ? [] : [...new Set(Array.from({ length: Math.floor(r() * 4) }, () => `t${Math.floor(r() * i)}`))],
    materials: Array.from({ length: 4 }, (_, m) => `m${i}-${m}`),
  }));
}

export interface StudyEvent {
  event_id: string;
  app_id: string;
  event_name: string;
  user_id: string;
  session_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/** about 14 events per session: start, open, progress, ~10 answers, end */
export function* studyEvents(o: LearningDatasetOptions): Generator<StudyEvent> {
  const r = random(o.seed);
  const startMs = o.endMs - o.days * 86_400_000;
  const sessions = Math.ceil(o.events / 14);
  let made = 0;
  for (let s = 0; s < sessions && made < o.events; s++) {
    const learner = Math.floor(r() * o.learners);
    const user = `learner-${learner}`;
    const session = `bs-${s}`;
    let t = startMs + Math.floor((s / sessions) * (o.days * 86_400_000 - 3_600_000)) + Math.floor(r() * 600_000);
    const topic = Math.floor(Math.min(0.999, r() ** 1.3) * o.topics);
    const skill = 0.35 + 0.5 * (learner % 100) / 100 + 0.1 * (s / sessions);
    const out: Array<[string, Record<string, unknown>]> = [['session_start', { device_type: r() < 0.5 ? 'web' : 'ios' }]];
    const material = `m${topic}-${Math.floor(r() * 4)}`;
    out.push(['material_open', { material_id: material, topic_id: `t${topic}`, material_type: 'pdf' }]);
    out.push(['material_progress', { material_id: material, topic_id: `t${topic}`, progress: Math.round(r() * 100) / 100, seconds: 30 }]);
    for (let k = 0; k < 10; k++) {
      const right = r() < skill;
      out.push(['question_answered', { question_id: `t${topic}-q${Math.floor(r() * 40)}`, topic_id: `t${topic}`, selected_answer: right ? 'A' : 'B', correct_answer: 'A', time_to_answer_seconds: Math.floor(r() * 90) }]);
    }
    out.push(['session_end', {}]);
    for (const [name, properties] of out) {
      if (made >= o.events) return;
      t += 1000 + Math.floor(r() * 60_000);
      yield { event_id: uuidv7(t), app_id: o.appId, event_name: name, user_id: user, session_id: session, timestamp: new Date(t).toISOString(), properties };
      made++;
    }
  }
}
