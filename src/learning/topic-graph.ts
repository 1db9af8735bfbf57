// The curriculum's shape rules, checked before a topic is stored: every parent and prerequisite
// names a topic of the app (stored or in the same request), and neither the prerequisite graph nor
// the parent tree has a cycle (a topic that is, through its prerequisites, its own prerequisite).
// Pure functions; the error names the first unknown topic or the cycle's path.

import { TallyError } from '../errors.ts';

export interface TopicLinks {
  readonly topicId: string;
  readonly parent: string;
  readonly prerequisites: readonly string[];
}

/** throws TALLY_ERR_LEARNING_TOPIC_UNKNOWN naming the first reference to a topic not in `topics` */
export function checkReferences(topics: ReadonlyMap<string, TopicLinks>): void {
  for (const t of topics.values()) {
    if (t.parent !== '' && !topics.has(t.parent)) throw new TallyError('TALLY_ERR_LEARNING_TOPIC_UNKNOWN', [`${t.parent} (parent of ${t.topicId})`]);
    for (const p of t.prerequisites) if (!topics.has(p)) throw new TallyError('TALLY_ERR_LEARNING_TOPIC_UNKNOWN', [`${p} (prerequisite of ${t.topicId})`]);
  }
}

/** the first cycle found following `next`, as its path (first topic repeated at the end), or undefined */
export function findCycle(ids: Iterable<string>, next: (id: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  for (const start of ids) {
    if (state.has(start)) continue;
    // iterative depth-first search (a deep chain of prerequisites must not overflow the stack)
    const path: string[] = [start];
    const iters: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const edges = next(top);
      const i = iters[iters.length - 1];
      if (i >= edges.length) {
        state.set(top, 2);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const to = edges[i];
      const s = state.get(to);
      if (s === 1) return [...path.slice(path.indexOf(to)), to];
      if (s === undefined) {
        state.set(to, 1);
        path.push(to);
        iters.push(0);
      }
    }
  }
  return undefined;
}

/** throws TALLY_ERR_LEARNING_TOPIC_CYCLE naming the cycle of prerequisites (or of parents) */
export function checkAcyclic(topics: ReadonlyMap<string, TopicLinks>): void {
  const ids = [...topics.keys()].sort();
  const prereq = findCycle(ids, (id) => topics.get(id)?.prerequisites ?? []);
  if (prereq) throw new TallyError('TALLY_ERR_LEARNING_TOPIC_CYCLE', [`prerequisites ${prereq.join(' → ')}`]);
  const parents = findCycle(ids, (id) => {
    const p = topics.get(id)?.parent ?? '';
    return p === '' ? [] : [p];
  });
  if (parents) throw new TallyError('TALLY_ERR_LEARNING_TOPIC_CYCLE', [`parents ${parents.join(' → ')}`]);
}
