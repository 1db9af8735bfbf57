// Step 4b, derive answer: a `question_answered` event (the learner model's built-in event, seed 002)
// gets `is_correct` from what it sent: true when `selected_answer` equals `correct_answer` (both
// sent as strings or numbers, compared as text with surrounding spaces trimmed, case kept). The
// derived value replaces any `is_correct` the client sent; without both answers the event passes
// unchanged. It runs after the schema check (which sees what was sent) and before scrubbing.

import { ok, type Envelope, type StepResult } from './types.ts';

export const ANSWER_EVENT = 'question_answered';

function answerText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function createDeriveAnswer() {
  return function deriveAnswer<E extends Envelope>(event: E): StepResult<E> {
    if (event.eventName !== ANSWER_EVENT) return ok(event);
    const selected = answerText(event.properties.selected_answer);
    const correct = answerText(event.properties.correct_answer);
    if (selected === undefined || correct === undefined) return ok(event);
    const isCorrect = selected === correct;
    if (event.properties.is_correct === isCorrect) return ok(event);
    const properties = { ...event.properties, is_correct: isCorrect };
    return ok({ ...event, properties, propertiesJson: JSON.stringify(properties) });
  };
}
