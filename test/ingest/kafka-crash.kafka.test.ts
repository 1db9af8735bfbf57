// Fault test: `kill -9` of the process that ingests and consumes (`tally serve` with
// TALLY_INGEST=kafka and the embedded store), just after HTTP acknowledgements and before its
// consumer caught up; restarted while the clients re-send the batches that were not acknowledged,
// with their event ids. Every event is stored exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOOTSTRAP, createTopics, randomName, waitFor } from '../helpers/kafka.ts';
import { makeBatches, sendAll, sendOnce, storedCounts, storedTotal } from '../helpers/ingest-load.ts';
import { spawnTally, type TallyProcess } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

test('kill -9 after acknowledgements, restart, clients re-send: every event stored exactly once', { timeout: 120_000 }, async (t) => {
  const topic = randomName('tally-crash');
  await createTopics(t, [topic]);
  const dataDir = tempDir();
  const env = {
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: ADMIN_TOKEN,
    TALLY_INGEST: 'kafka',
    KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: randomName('tally-crash-group'),
    // the consumer holds what it read for 1.5 s before storing it: it is behind when the kill comes
    BATCH_SIZE: '100000',
    FLUSH_INTERVAL_MS: '1500',
  };
  let proc: TallyProcess = await spawnTally(env);
  t.after(() => proc.stop('SIGKILL'));
  const created = await fetch(`${proc.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'shop' }) });
  assert.equal(created.status, 201);

  const batches = makeBatches(120, 100);
  const acked = new Set<number>();
  let next = 0;
  // 6 clients send batches, one attempt each for now; the process is killed while they are at it
  const clients = Array.from({ length: 6 }, async () => {
    for (;;) {
      const i = next++;
      if (i >= batches.length) return;
      if (await sendOnce(proc.url, ADMIN_TOKEN, batches[i])) acked.add(i);
      await sleep(5);
    }
  });
  await waitFor('40 batches acknowledged', () => acked.size >= 40, 30_000, 5);
  const inserted = await metricValue(proc.metricsUrl, 'analytics_events_inserted_total');
  const ackedAtKill = acked.size * 100;
  proc.child.kill('SIGKILL');
  await proc.stop('SIGKILL');
  assert.ok(inserted < ackedAtKill, `the consumer was behind at the kill: ${inserted} stored of ${ackedAtKill} acknowledged`);
  await Promise.all(clients); // the rest fail against the dead process: not acknowledged
  t.diagnostic(`killed with ${ackedAtKill} events acknowledged and ${inserted} stored; ${batches.length - acked.size} batches not acknowledged`);

  proc = await spawnTally(env);
  // the clients re-send everything that was not acknowledged, with the same event ids
  const unacked = batches.filter((_, i) => !acked.has(i));
  assert.ok(unacked.length > 0);
  await sendAll(proc.url, ADMIN_TOKEN, unacked, 4);
  const total = batches.length * 100;
  await waitFor('every event stored', async () => (await storedTotal(proc.url, ADMIN_TOKEN)) >= total, 60_000, 250);
  assert.equal(await proc.stop('SIGTERM'), 0);
  assert.deepEqual(await storedCounts(dataDir, batches), { rows: total, ids: total, missing: 0 }, 'every event exactly once');
  rmSync(dataDir, { recursive: true, force: true });
});
