// The curriculum over HTTP (seed 002's `topics`): PUT upserts topics in bulk (the others stay), GET
// lists them. A prerequisite or parent naming an unknown topic, or a prerequisite cycle, is a 400
// naming it, and nothing is written. Writing needs the app's write key, read key or the admin token
// (an app's backend holds either); reading, the read key. The first PUT also registers the learner
// model's built-in event schemas for the app (src/learning/event-schemas.ts).

import { Type } from 'typebox';
import { createCurriculum, installLearningSchemas } from '../../learning/index.ts';
import { callerId } from '../route-access.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

export const LearningId = Type.String({ pattern: '^[A-Za-z0-9_.:/-]{1,128}$', description: '1–128 letters, digits and _ . : / -' });

const TopicIn = Type.Object(
  {
    topic_id: LearningId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    parent: Type.Optional(Type.Union([LearningId, Type.Literal(''), Type.Null()], { description: 'the parent topic; none when absent, empty or null' })),
    board_exam_weight: Type.Number({ minimum: 0, maximum: 10, description: 'importance for the board exam, 0–10' }),
    prerequisites: Type.Optional(Type.Array(LearningId, { maxItems: 100, description: 'topics to master first' })),
    materials: Type.Optional(Type.Array(LearningId, { maxItems: 1000, description: 'material ids of the topic (material_open / material_progress events)' })),
  },
  { additionalProperties: false },
);

const TopicOut = Type.Object({
  topic_id: Type.String(),
  name: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  board_exam_weight: Type.Number(),
  prerequisites: Type.Array(Type.String()),
  materials: Type.Array(Type.String()),
  updated_at: Type.String(),
});

export const learningTopicRoutes: RouteGroup = async (app, { deps }) => {
  const curriculum = createCurriculum(deps.store);

  app.put(
    '/v1/learning/topics',
    {
      config: { access: 'read_or_write', app: 'body', refusal: 'change the curriculum of app' },
      schema: {
        summary: "Upsert topics of an app's curriculum",
        operationId: 'putLearningTopics',
        tags: ['learning'],
        body: Type.Object({ app_id: AppId, topics: Type.Array(TopicIn, { maxItems: 5000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ upserted: Type.Integer(), total: Type.Integer({ description: 'topics the app now has' }) }), ...errorResponses(...BODY_ERRORS) },
      },
    },
    async (req) => {
      const topics = req.body.topics.map((t) => ({
        topicId: t.topic_id,
        name: t.name,
        parent: t.parent ?? '',
        boardExamWeight: t.board_exam_weight,
        prerequisites: t.prerequisites ?? [],
        materials: t.materials ?? [],
      }));
      const result = await curriculum.upsert(req.body.app_id, topics);
      // the learner model's events get their built-in schemas (never replacing the app's own)
      await installLearningSchemas(deps.schemas, req.body.app_id, callerId(deps.auth.caller(req)));
      return result;
    },
  );

  app.get(
    '/v1/learning/topics',
    {
      config: { access: 'read', app: 'query', refusal: 'read the curriculum of app' },
      schema: {
        summary: "An app's curriculum",
        operationId: 'getLearningTopics',
        tags: ['learning'],
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Type.Object({ topics: Type.Array(TopicOut) }), ...errorResponses(400) },
      },
    },
    async (req) => {
      const topics = await curriculum.load(req.query.app_id);
      return {
        topics: topics.map((t) => ({
          topic_id: t.topicId,
          name: t.name,
          parent: t.parent === '' ? null : t.parent,
          board_exam_weight: t.boardExamWeight,
          prerequisites: [...t.prerequisites],
          materials: [...t.materials],
          updated_at: t.updatedAt,
        })),
      };
    },
  );
};
