// The learner model's built-in events (seed 002's tracker calls), as JSON Schemas for the app's
// schema registry: installed for an app when its curriculum is first written (never over a schema
// the app registered itself), so `tally codegen` emits typed functions for them. `question_answered`
// gets `is_correct` at ingest (src/ingest/pipeline/derive-answer.ts); `session_id` is the event's
// own field. The seed's tracker names that differ from the event names are codegen aliases.

import type { SchemaRegistry } from '../event/index.ts';

const LearningId = { type: 'string', minLength: 1, maxLength: 128 } as const;

export interface LearningEventSchema {
  readonly eventName: string;
  readonly description: string;
  readonly schema: Record<string, unknown>;
}

export const LEARNING_EVENT_SCHEMAS: readonly LearningEventSchema[] = Object.freeze([
  {
    eventName: 'question_answered',
    description: 'A learner answered a question (is_correct is derived at ingest from the two answers)',
    schema: {
      type: 'object',
      properties: {
        question_id: LearningId,
        topic_id: LearningId,
        selected_answer: { type: 'string', maxLength: 1000 },
        correct_answer: { type: 'string', maxLength: 1000 },
        time_to_answer_seconds: { type: 'number', minimum: 0, maximum: 86400 },
        is_correct: { type: 'boolean', description: 'derived at ingest; a sent value is replaced' },
      },
      required: ['question_id', 'topic_id', 'selected_answer', 'correct_answer'],
    },
  },
  {
    eventName: 'material_open',
    description: 'A learner opened study material',
    schema: {
      type: 'object',
      properties: { material_id: LearningId, topic_id: LearningId, material_type: { type: 'string', maxLength: 64 } },
      required: ['material_id', 'topic_id'],
    },
  },
  {
    eventName: 'material_progress',
    description: 'Reading progress in study material (send every ~30 s, not every second)',
    schema: {
      type: 'object',
      properties: {
        material_id: LearningId,
        topic_id: LearningId,
        progress: { type: 'number', minimum: 0, maximum: 1, description: 'fraction read, 0–1' },
        seconds: { type: 'number', minimum: 0, maximum: 86400, description: 'seconds spent since the previous progress event' },
      },
      required: ['material_id', 'topic_id', 'progress'],
    },
  },
  {
    eventName: 'session_start',
    description: 'A study session started (the event session_id names it)',
    schema: { type: 'object', properties: { device_type: { type: 'string', maxLength: 64 } } },
  },
  {
    eventName: 'session_end',
    description: 'A study session ended',
    schema: { type: 'object', properties: {} },
  },
]);

/** the seed's tracker names where they differ from `track<EventName>`: event name → extra function names */
export const LEARNING_TRACKER_ALIASES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  question_answered: ['trackQuestionAttempt'],
});

/** registers the built-in schemas the app does not have yet; returns the event names registered */
export async function installLearningSchemas(schemas: Pick<SchemaRegistry, 'current' | 'put'>, appId: string, createdBy: string): Promise<string[]> {
  const installed: string[] = [];
  for (const s of LEARNING_EVENT_SCHEMAS) {
    if (schemas.current(appId, s.eventName)) continue;
    await schemas.put(appId, s.eventName, { schema: s.schema, description: s.description, owner: 'tally-learning' }, createdBy);
    installed.push(s.eventName);
  }
  return installed;
}
