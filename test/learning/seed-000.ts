// Seed 000's rows as Tally events (change capture maps `actions` to `tutor_action` events with an
// `action_type` property and `concept_events` to `concept_event` events with `delta_mastery`):
// a deterministic tutoring history with the cases the rules decide — an action in the same
// millisecond as its concept event, two actions in one millisecond, concept events before any
// action, other sessions, non-numeric rewards, and rows outside the window.

import type { RefEvent } from './reference/action-weights.ts';

const TYPES = ['hint', 'worked_example', 'quiz', 'explain'];

function uuid(n: number): string {
  return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** a pseudo-random sequence, the same on every run */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

export function seed000(appId: string, startMs: number, options: { users?: number; types?: readonly string[] } = {}): Array<RefEvent & { app_id: string }> {
  const random = lcg(42);
  const types = options.types ?? TYPES;
  const out: Array<RefEvent & { app_id: string }> = [];
  let id = 1;
  const push = (name: string, user: string, session: string, ms: number, properties: Record<string, unknown>) =>
    out.push({ app_id: appId, event_id: uuid(id++), event_name: name, user_id: user, session_id: session, timestamp: new Date(ms).toISOString(), properties });
  for (let u = 0; u < (options.users ?? 6); u++) {
    for (let s = 0; s < 3; s++) {
      const session = `s-${u}-${s}`;
      let t = startMs + (u * 3 + s) * 3_600_000;
      // a concept event before any action of the session: credited to nothing
      push('concept_event', `u${u}`, session, t, { concept: 'fractions', delta_mastery: 0.5 });
      for (let k = 0; k < 8; k++) {
        t += 1000 + Math.floor(random() * 60_000);
        const type = types[Math.floor(random() * types.length)];
        push('tutor_action', `u${u}`, session, t, { action_type: type, action_details: '{}' });
        if (k % 4 === 1) push('tutor_action', `u${u}`, session, t, { action_type: types[(types.indexOf(type) + 1) % types.length] }); // same instant: the greater id wins
        const same = k % 3 === 0; // the concept event in the action's millisecond
        const reward = Math.round((random() - 0.3) * 1000) / 1000;
        push('concept_event', `u${u}`, session, same ? t : t + 500, { concept: 'fractions', outcome: 'correct', delta_mastery: reward });
        if (k === 5) push('concept_event', `u${u}`, session, t + 700, { delta_mastery: 'n/a' }); // not a number: not a reward
      }
    }
  }
  return out;
}
