// The curriculum: bulk upsert and listing, the 400s naming an unknown topic or a cycle (nothing
// written), a table of invalid bodies, and the cycle finder against a brute-force reference.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findCycle } from '../../src/learning/index.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

const topic = (topic_id: string, extra: Record<string, unknown> = {}) => ({ topic_id, name: `Topic ${topic_id}`, board_exam_weight: 5, prerequisites: [], materials: [], ...extra });

test('the curriculum', async (t) => {
  const tally = await startTestTally(t);
  const { readKey, writeKey } = await createApp(tally, 'med');
  const other = await createApp(tally, 'other');
  const put = (body: unknown, key = writeKey) => tally.app.inject({ method: 'PUT', url: '/v1/learning/topics', headers: bearer(key), payload: body as Record<string, unknown> });
  const get = async (app = 'med', key = readKey) => {
    const res = await tally.app.inject({ method: 'GET', url: `/v1/learning/topics?app_id=${app}`, headers: bearer(key) });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { topics: Array<{ topic_id: string; name: string; parent: string | null; prerequisites: string[]; materials: string[]; board_exam_weight: number }> }).topics;
  };

  await t.test('a PUT stores topics; a later PUT upserts the topics it names and keeps the others', async () => {
    const res = await put({ app_id: 'med', topics: [topic('cardio', { board_exam_weight: 9, materials: ['m1', 'm2'] }), topic('ecg', { parent: 'cardio', prerequisites: ['cardio'] })] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { upserted: 2, total: 2 });
    const second = await put({ app_id: 'med', topics: [topic('cardio', { name: 'Cardiology', board_exam_weight: 8.5, materials: ['m1'] }), topic('arrhythmia', { prerequisites: ['ecg', 'cardio'] })] });
    assert.deepEqual(second.json(), { upserted: 2, total: 3 });
    const topics = await get();
    assert.deepEqual(
      topics.map((x) => [x.topic_id, x.name, x.parent, x.board_exam_weight, x.prerequisites, x.materials]),
      [
        ['arrhythmia', 'Topic arrhythmia', null, 5, ['ecg', 'cardio'], []],
        ['cardio', 'Cardiology', null, 8.5, [], ['m1']],
        ['ecg', 'Topic ecg', 'cardio', 5, ['cardio'], []],
      ],
    );
  });

  await t.test('an unknown prerequisite or parent is a 400 naming it, and nothing is written', async () => {
    const res = await put({ app_id: 'med', topics: [topic('renal'), topic('nephro', { prerequisites: ['renal', 'missing_topic'] })] });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'TALLY_ERR_LEARNING_TOPIC_UNKNOWN');
    assert.match(res.json().error.message, /missing_topic \(prerequisite of nephro\)/);
    const parent = await put({ app_id: 'med', topics: [topic('renal', { parent: 'nowhere' })] });
    assert.equal(parent.json().error.code, 'TALLY_ERR_LEARNING_TOPIC_UNKNOWN');
    assert.match(parent.json().error.message, /nowhere \(parent of renal\)/);
    assert.equal((await get()).length, 3, 'nothing written');
  });

  await t.test('a prerequisite cycle, through stored topics too, is a 400 naming its path', async () => {
    // cardio ← ecg ← arrhythmia are stored; making cardio need arrhythmia closes a loop
    const res = await put({ app_id: 'med', topics: [topic('cardio', { prerequisites: ['arrhythmia'] })] });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'TALLY_ERR_LEARNING_TOPIC_CYCLE');
    assert.match(res.json().error.message, /prerequisites arrhythmia → (ecg → )?cardio → arrhythmia/);
    const self = await put({ app_id: 'med', topics: [topic('solo', { prerequisites: ['solo'] })] });
    assert.match(self.json().error.message, /solo → solo/);
    const parents = await put({ app_id: 'med', topics: [topic('p1', { parent: 'p2' }), topic('p2', { parent: 'p1' })] });
    assert.match(parents.json().error.message, /parents p1 → p2 → p1/);
    assert.equal((await get()).find((x) => x.topic_id === 'cardio')?.prerequisites.length, 0);
  });

  await t.test('invalid bodies are 400 before anything is checked', async () => {
    const invalid: unknown[] = [
      { app_id: 'med' },
      { app_id: 'med', topics: [{ topic_id: 'x', name: 'X' }] },
      { app_id: 'med', topics: [topic('x', { board_exam_weight: 11 })] },
      { app_id: 'med', topics: [topic('x', { board_exam_weight: -1 })] },
      { app_id: 'med', topics: [topic('bad id')] },
      { app_id: 'med', topics: [topic('x'.repeat(129))] },
      { app_id: 'med', topics: [topic('x', { name: '' })] },
      { app_id: 'med', topics: [topic('x', { extra: 1 })] },
      { app_id: 'med', topics: [topic('x', { prerequisites: Array.from({ length: 101 }, (_, i) => `p${i}`) })] },
      { app_id: 'med', topics: [topic('x'), topic('x')] },
    ];
    for (const body of invalid) {
      const res = await put(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 200));
    }
  });

  await t.test('a key reads and writes only its own app', async () => {
    assert.equal((await put({ app_id: 'med', topics: [topic('x')] }, other.writeKey)).statusCode, 403);
    assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/learning/topics?app_id=med', headers: bearer(other.readKey) })).statusCode, 403);
    assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/learning/topics?app_id=med' })).statusCode, 401);
    assert.deepEqual(await get('other', ADMIN_TOKEN), []);
  });
});

/** a cycle exists iff some topic reaches itself (brute force: reachability by repeated expansion) */
function hasCycleByReachability(n: number, edges: ReadonlyArray<readonly [number, number]>): boolean {
  for (let s = 0; s < n; s++) {
    const seen = new Set<number>();
    let frontier = [s];
    while (frontier.length) {
      const nextFrontier: number[] = [];
      for (const u of frontier) {
        for (const [a, b] of edges) {
          if (a !== u || seen.has(b)) continue;
          seen.add(b);
          nextFrontier.push(b);
        }
      }
      frontier = nextFrontier;
    }
    if (seen.has(s)) return true;
  }
  return false;
}

test('the cycle finder finds a cycle exactly when one exists, and the path it names is one', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 14 }))), ([n, edges]) => {
      const next = (id: string) => edges.filter(([a]) => String(a) === id).map(([, b]) => String(b));
      const cycle = findCycle(Array.from({ length: n }, (_, i) => String(i)), next);
      assert.equal(cycle !== undefined, hasCycleByReachability(n, edges));
      if (cycle) {
        assert.equal(cycle[0], cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) assert.ok(next(cycle[i]).includes(cycle[i + 1]), `${cycle[i]} → ${cycle[i + 1]} is an edge`);
      }
    }),
    { numRuns: 300 },
  );
  const chain = Array.from({ length: 50_000 }, (_, i) => String(i));
  assert.equal(findCycle(chain, (id) => (Number(id) + 1 < chain.length ? [String(Number(id) + 1)] : [])), undefined, 'a deep chain does not overflow the stack');
});
