// Seed 002's study history as Tally events: a curriculum with prerequisites (one topic without
// materials), learners answering questions over three weeks in sessions, reading materials, and
// the cases the rules decide — a learner who only answers wrong, one who only reads, answers
// without a time, two answers in one millisecond, an unknown topic id.

import type { RefEvent, RefTopic } from './reference/learner-model.ts';

export const SEED_002_TOPICS: Array<RefTopic & { name: string }> = [
  { topic_id: 'anatomy', name: 'Anatomy', board_exam_weight: 6, prerequisites: [], materials: ['m-anat-1', 'm-anat-2'] },
  { topic_id: 'physiology', name: 'Physiology', board_exam_weight: 7, prerequisites: ['anatomy'], materials: ['m-phys-1'] },
  { topic_id: 'cardiology', name: 'Cardiology', board_exam_weight: 9, prerequisites: ['physiology', 'anatomy'], materials: ['m-card-1', 'm-card-2', 'm-card-3'] },
  { topic_id: 'ecg', name: 'ECG', board_exam_weight: 8, prerequisites: ['cardiology'], materials: [] },
  { topic_id: 'pharmacology', name: 'Pharmacology', board_exam_weight: 8.5, prerequisites: ['physiology'], materials: ['m-pharm-1'] },
];

export function uuid(n: number): string {
  return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

export type SeedEvent = RefEvent & { app_id: string };

export function seed002(appId: string, startMs: number, options: { users?: number; days?: number; seed?: number } = {}): SeedEvent[] {
  const random = lcg(options.seed ?? 7);
  const out: SeedEvent[] = [];
  let id = 1;
  const push = (name: string, user: string, session: string, ms: number, properties: Record<string, unknown>) =>
    out.push({ app_id: appId, event_id: uuid(id++), event_name: name, user_id: user, session_id: session, timestamp: new Date(ms).toISOString(), properties });
  const topics = SEED_002_TOPICS;
  const users = options.users ?? 6;
  const days = options.days ?? 21;
  for (let u = 0; u < users; u++) {
    const user = `learner-${u}`;
    const skill = 0.3 + 0.6 * (u / Math.max(1, users - 1));
    for (let d = 0; d < days; d++) {
      if (random() < 0.35) continue;
      const session = `s-${u}-${d}`;
      let t = startMs + d * 86_400_000 + Math.floor(random() * 20) * 3_600_000;
      push('session_start', user, session, t, { device_type: random() < 0.5 ? 'web' : 'ios' });
      const topic = topics[Math.floor(random() * topics.length)];
      if (topic.materials.length > 0 && random() < 0.6) {
        const material = topic.materials[Math.floor(random() * topic.materials.length)];
        t += 5000;
        push('material_open', user, session, t, { material_id: material, topic_id: topic.topic_id, material_type: 'pdf' });
        t += 30_000;
        push('material_progress', user, session, t, { material_id: material, topic_id: topic.topic_id, progress: Math.round(random() * 100) / 100, seconds: 30 });
      }
      const answers = 2 + Math.floor(random() * 5);
      for (let k = 0; k < answers; k++) {
        t += 1000 + Math.floor(random() * 90_000);
        const q = `${topic.topic_id}-q${Math.floor(random() * 6)}`;
        const right = random() < skill;
        const seconds = random() < 0.1 ? undefined : Math.round(random() * 80);
        push('question_answered', user, session, t, { question_id: q, topic_id: topic.topic_id, selected_answer: right ? 'A' : 'C', correct_answer: 'A', ...(seconds === undefined ? {} : { time_to_answer_seconds: seconds }) });
      }
      t += 2000;
      push('session_end', user, session, t, {});
    }
  }
  // only wrong answers
  for (let k = 0; k < 6; k++) push('question_answered', 'wrong-only', 's-wrong', startMs + 2 * 86_400_000 + k * 60_000, { question_id: `ecg-q${k % 3}`, topic_id: 'ecg', selected_answer: 'B', correct_answer: 'D', time_to_answer_seconds: 20 });
  // only reading
  push('material_open', 'reader', 's-read', startMs + 3 * 86_400_000, { material_id: 'm-card-1', topic_id: 'cardiology' });
  push('material_progress', 'reader', 's-read', startMs + 3 * 86_400_000 + 60_000, { material_id: 'm-card-1', topic_id: 'cardiology', progress: 1, seconds: 600 });
  push('material_progress', 'reader', 's-read', startMs + 4 * 86_400_000, { material_id: 'm-card-2', topic_id: 'cardiology', progress: 0.5, seconds: 300 });
  // two answers of one question in one millisecond: ordered by event id
  const tie = startMs + 5 * 86_400_000;
  push('question_answered', 'learner-0', 's-tie', tie, { question_id: 'tie-q', topic_id: 'anatomy', selected_answer: 'A', correct_answer: 'B', time_to_answer_seconds: 5 });
  push('question_answered', 'learner-0', 's-tie', tie, { question_id: 'tie-q', topic_id: 'anatomy', selected_answer: 'B', correct_answer: 'B', time_to_answer_seconds: 5 });
  // a topic the curriculum does not know: accepted, no mastery
  push('question_answered', 'learner-1', 's-ghost', startMs + 6 * 86_400_000, { question_id: 'ghost-q', topic_id: 'ghost', selected_answer: 'A', correct_answer: 'A', time_to_answer_seconds: 10 });
  return out;
}
