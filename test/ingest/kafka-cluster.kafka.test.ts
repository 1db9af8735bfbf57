// Fault test: a three-broker cluster (replication 3, min in-sync replicas 2) with one broker
// stopped in the middle of HTTP ingest: ingest (acks=all) and consumption continue; every event is
// stored exactly once. Runs its own cluster on random free ports (state in .kafka-test-<port>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { makeBatches, sendAll, storedCounts, storedTotal } from '../helpers/ingest-load.ts';
import { createTopics, randomName, startPrivateKafka, waitFor } from '../helpers/kafka.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

test('with one of three brokers stopped, ingest and consumption continue', { timeout: 150_000 }, async (t) => {
  const kafka = await startPrivateKafka(3);
  t.after(() => kafka.stop());
  const topic = randomName('tally-cluster');
  // the whole cluster is thrown away after the test: no topic clean-up
  await createTopics({ after: () => {} }, [topic], { partitions: 3, replicas: 3, brokers: kafka.bootstrap });
  const dataDir = tempDir();
  const proc = await spawnTally({
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: ADMIN_TOKEN,
    TALLY_INGEST: 'kafka',
    KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrap.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: randomName('tally-cluster-group'),
    KAFKA_PRODUCE_TIMEOUT_MS: '5000',
  });
  t.after(() => proc.stop('SIGKILL'));
  const created = await fetch(`${proc.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'shop' }) });
  assert.equal(created.status, 201);

  const first = makeBatches(60, 50);
  await sendAll(proc.url, ADMIN_TOKEN, first, 4);
  await waitFor('the first events stored', async () => (await storedTotal(proc.url, ADMIN_TOKEN)) >= 3000, 30_000, 250);

  // node 2 goes away (controlled shutdown); two in-sync replicas remain
  await kafka.node('stop', 2);
  const second = makeBatches(120, 50);
  const result = await sendAll(proc.url, ADMIN_TOKEN, second, 4, undefined, 100_000);
  t.diagnostic(`with broker 2 stopped: ${result.acked} batches acknowledged, ${result.failedAttempts} attempts re-sent`);
  const total = (first.length + second.length) * 50;
  await waitFor('every event stored with one broker down', async () => (await storedTotal(proc.url, ADMIN_TOKEN)) >= total, 60_000, 250);
  assert.equal(await proc.stop('SIGTERM'), 0);
  assert.deepEqual(await storedCounts(dataDir, [...first, ...second]), { rows: total, ids: total, missing: 0 });
  rmSync(dataDir, { recursive: true, force: true });
});
