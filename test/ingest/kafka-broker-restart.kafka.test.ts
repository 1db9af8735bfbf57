// Fault test: the (single) broker restarts while clients ingest over HTTP into `tally serve` with
// TALLY_INGEST=kafka. Produce calls wait for the broker or fail with 503; clients re-send with
// their ids. No acknowledged event is lost, none is stored twice. Runs its own broker on random
// free ports (state in .kafka-test-<port>, removed after), so the shared one on 9092 is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { makeBatches, sendAll, storedCounts, storedTotal } from '../helpers/ingest-load.ts';
import { randomName, startPrivateKafka, waitFor } from '../helpers/kafka.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

test('a broker restart during HTTP ingest loses no acknowledged event', { timeout: 150_000 }, async (t) => {
  const kafka = await startPrivateKafka(1);
  t.after(() => kafka.stop());
  const dataDir = tempDir();
  const proc = await spawnTally({
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: ADMIN_TOKEN,
    TALLY_INGEST: 'kafka',
    KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrap.join(','),
    KAFKA_TOPIC: randomName('tally-restart'),
    KAFKA_GROUP_ID: randomName('tally-restart-group'),
    KAFKA_PRODUCE_TIMEOUT_MS: '5000',
  });
  t.after(() => proc.stop('SIGKILL'));
  const created = await fetch(`${proc.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'shop' }) });
  assert.equal(created.status, 201);

  const batches = makeBatches(300, 50);
  let restarted: Promise<void> | undefined;
  let window = { from: 0, to: 0 };
  // paced clients (about 40 batches/s), so the load spans the restart
  const result = await sendAll(proc.url, ADMIN_TOKEN, batches, 4, (acked) => {
    if (acked === 60 && !restarted) {
      window = { from: Date.now(), to: Infinity };
      restarted = kafka.node('restart', 1).then(() => void (window.to = Date.now()));
    }
  }, 120_000, 100);
  await restarted;
  const during = result.attemptTimes.filter((at) => at >= window.from && at <= window.to).length;
  t.diagnostic(`broker restart took ${window.to - window.from} ms; ${during} attempts started during it, ${result.failedAttempts} answered 503 or broken and re-sent`);
  assert.ok(during > 0, 'clients were sending while the broker restarted');
  assert.ok(result.attemptTimes.some((at) => at > window.to), 'and after it was back');
  const total = batches.length * 50;
  await waitFor('every event stored', async () => (await storedTotal(proc.url, ADMIN_TOKEN)) >= total, 60_000, 250);
  assert.equal(await proc.stop('SIGTERM'), 0);
  assert.deepEqual(await storedCounts(dataDir, batches), { rows: total, ids: total, missing: 0 });
  rmSync(dataDir, { recursive: true, force: true });
});
