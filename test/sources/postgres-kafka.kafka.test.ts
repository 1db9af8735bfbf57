// Change capture in Kafka mode, against the real broker and the real PostgreSQL (started here if
// it is not running): rows are produced to their tables' topics and the in-process worker stores
// them through its topic mappings, as it does for any change-capture topic.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { createTopics, randomName, readTopic } from '../helpers/kafka.ts';
import { startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor } from './pg.ts';

before(() => {
  execFileSync('bash', [path.resolve(import.meta.dirname, '../../scripts/postgres/start.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
});

test('in Kafka mode, captured rows go to per-table topics and the worker stores each once', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 300);
  const conceptTopic = randomName('concept_events');
  const actionsTopic = randomName('actions');
  const eventsTopic = randomName('tally-events');
  await createTopics(t, [conceptTopic, actionsTopic, eventsTopic]);
  const tally = await startTestTally(t, {
    TALLY_INGEST: 'kafka',
    KAFKA_TOPIC: eventsTopic,
    KAFKA_GROUP_ID: randomName('group'),
    TALLY_KAFKA_MAPPINGS: JSON.stringify({
      [conceptTopic]: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' },
      [actionsTopic]: { app_id: 'tutor', event_name: 'tutor_action', event_id: 'id' },
    }),
    TALLY_CDC_URL: db.url,
    TALLY_CDC_MAPPINGS: JSON.stringify({
      'public.concept_events': { app_id: 'tutor', event_name: 'concept_event', topic: conceptTopic },
      'public.actions': { app_id: 'tutor', event_name: 'tutor_action', topic: actionsTopic },
    }),
    TALLY_CDC_SLOT: `s_${db.name}`,
    TALLY_CDC_PUBLICATION: `p_${db.name}`,
  });
  await insertConceptEvents(db, 200);
  await db.query(`INSERT INTO actions (session_id, user_id, action_type) SELECT md5('s')::uuid, md5('u')::uuid, 'hint' FROM generate_series(1, 50)`);
  const count = async (name: string) => Number((await tally.store.query<{ n: number }>('SELECT count() AS n FROM events WHERE event_name = {name:String}', { name }))[0].n);
  await waitFor('all rows stored by the worker', async () => (await count('concept_event')) >= 500 && (await count('tutor_action')) >= 50, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await count('concept_event'), 500);
  assert.equal(await count('tutor_action'), 50);
  const messages = await readTopic(actionsTopic, 50);
  assert.equal(messages.length, 50);
  assert.match(String(messages[0].key), /^public\.actions:\d+$/);
  assert.equal(JSON.parse(String(messages[0].value)).action_type, 'hint');
});
