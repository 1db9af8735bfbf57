// `tally demo` grows a curriculum: after loading, the learner views show mastery, gaps and due
// reviews for the demo's learners.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { loadDemoEmbedded } from '../../src/demo/load.ts';
import { startTally } from '../../src/service.ts';
import { ADMIN_TOKEN, KEEP_FOREVER, bearer, tempDir } from '../helpers/tally.ts';

test('the demo dataset has a curriculum and computed mastery, gaps and due reviews', async (t) => {
  const dataDir = tempDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '5', TALLY_LOG_LEVEL: 'silent', ...KEEP_FOREVER });
  const summary = await loadDemoEmbedded(config, { users: 40, days: 10, endMs: Date.now() });
  assert.ok(summary.accepted > 500);
  assert.equal(summary.learningRunsFailed, 0);
  const tally = await startTally(config, { listen: false, logger: pino({ level: 'silent' }) });
  t.after(() => tally.close());
  const [counts] = await tally.store.query<{ topics: number; mastery: number; gaps: number; reviews: number; daily: number }>(
    `SELECT (SELECT count() FROM learning_topics FINAL WHERE app_id = 'demo') AS topics,
            (SELECT count() FROM topic_mastery FINAL WHERE app_id = 'demo') AS mastery,
            (SELECT countIf(is_gap = 1) FROM knowledge_gaps FINAL WHERE app_id = 'demo') AS gaps,
            (SELECT count() FROM review_schedule FINAL WHERE app_id = 'demo') AS reviews,
            (SELECT count() FROM daily_user_stats FINAL WHERE app_id = 'demo') AS daily`,
  );
  assert.equal(counts.topics, 5);
  assert.ok(counts.mastery > 20 && counts.gaps > 0 && counts.reviews > 50 && counts.daily > 20, JSON.stringify(counts));
  const [learner] = await tally.store.query<{ user_id: string }>("SELECT user_id FROM review_schedule FINAL WHERE app_id = 'demo' ORDER BY due_at LIMIT 1");
  const due = await tally.app.inject({ method: 'GET', url: `/v1/learning/users/${learner.user_id}/reviews/due?app_id=demo&at=${new Date(Date.now() + 30 * 86_400_000).toISOString()}`, headers: bearer(ADMIN_TOKEN) });
  assert.ok(due.json().reviews.length > 0, due.body);
  const mastery = await tally.app.inject({ method: 'GET', url: `/v1/learning/users/${learner.user_id}/mastery?app_id=demo`, headers: bearer(ADMIN_TOKEN) });
  assert.ok(mastery.json().topics.some((x: { mastery: number }) => x.mastery > 0), mastery.body);
});
