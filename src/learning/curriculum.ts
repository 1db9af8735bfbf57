// An app's curriculum (seed 002's `topics`): topics with a name, a parent, an exam weight (0–10),
// prerequisites and materials. A PUT upserts the topics it names and keeps the others; the merged
// curriculum must pass the shape rules of topic-graph.ts before anything is written, and writes of
// one process are serialised so two PUTs never validate against the same old curriculum.

import { TallyError } from '../errors.ts';
import { toEngineTime } from '../event/index.ts';
import { createVersionClock, isoFromEngineTime, type StoreConnection } from '../store/index.ts';
import { checkAcyclic, checkReferences } from './topic-graph.ts';

/** topics an app may hold */
export const MAX_TOPICS_PER_APP = 10_000;

export interface Topic {
  readonly topicId: string;
  readonly name: string;
  /** '' for a root topic */
  readonly parent: string;
  /** importance for the board exam, 0–10 */
  readonly boardExamWeight: number;
  readonly prerequisites: readonly string[];
  readonly materials: readonly string[];
}

export interface StoredTopic extends Topic {
  /** ISO time of the last change */
  readonly updatedAt: string;
}

interface Row {
  topic_id: string;
  name: string;
  parent: string;
  board_exam_weight: number;
  prerequisites: string[];
  materials: string[];
  updated_at: string;
}

export async function loadTopics(store: StoreConnection, appId: string): Promise<StoredTopic[]> {
  const rows = await store.query<Row>(
    `SELECT topic_id, name, parent, board_exam_weight, prerequisites, materials, updated_at
     FROM learning_topics FINAL WHERE app_id = {app:String} ORDER BY topic_id`,
    { app: appId },
  );
  return rows.map((r) => ({
    topicId: r.topic_id,
    name: r.name,
    parent: r.parent,
    boardExamWeight: r.board_exam_weight,
    prerequisites: r.prerequisites,
    materials: r.materials,
    updatedAt: isoFromEngineTime(r.updated_at),
  }));
}

export interface Curriculum {
  /** the app's topics, by topic id */
  load(appId: string): Promise<StoredTopic[]>;
  /** validates the merged curriculum and stores `topics`; returns how many topics the app now has */
  upsert(appId: string, topics: readonly Topic[]): Promise<{ readonly upserted: number; readonly total: number }>;
}

export function createCurriculum(store: StoreConnection, now: () => number = Date.now): Curriculum {
  const nextVersion = createVersionClock(now);
  let writing: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writing.then(fn, fn);
    writing = run.catch(() => {});
    return run;
  };

  return {
    load: (appId) => loadTopics(store, appId),
    upsert(appId, topics) {
      const seen = new Set<string>();
      for (const t of topics) {
        if (seen.has(t.topicId)) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`topic ${t.topicId} is named twice`]);
        seen.add(t.topicId);
      }
      return serialised(async () => {
        const merged = new Map<string, Topic>((await loadTopics(store, appId)).map((t) => [t.topicId, t]));
        for (const t of topics) merged.set(t.topicId, t);
        if (merged.size > MAX_TOPICS_PER_APP) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`an app may hold at most ${MAX_TOPICS_PER_APP} topics`]);
        checkReferences(merged);
        checkAcyclic(merged);
        if (topics.length === 0) return { upserted: 0, total: merged.size };
        const at = toEngineTime(now());
        const lines = topics.map((t) =>
          JSON.stringify({
            app_id: appId,
            topic_id: t.topicId,
            name: t.name,
            parent: t.parent,
            board_exam_weight: t.boardExamWeight,
            prerequisites: [...new Set(t.prerequisites)],
            materials: [...new Set(t.materials)],
            updated_at: at,
            version: nextVersion(),
          }),
        );
        await store.insertJsonEachRow('learning_topics', Buffer.from(`${lines.join('\n')}\n`));
        return { upserted: topics.length, total: merged.size };
      });
    },
  };
}
