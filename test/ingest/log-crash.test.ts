// Fault test: `tally serve` is killed with SIGKILL again and again while clients send batches
// as fast as it takes them — once with the log's tail not yet loaded (a long load interval), once
// while loads run back to back, once in between. After each restart the clients go on; at the end
// every batch is sent again. Every acknowledged event is stored exactly once, and every batch
// acknowledged before is answered as duplicates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeBatches, sendOnce, storedCounts, type Batch } from '../helpers/ingest-load.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

async function receipt(url: string, token: string, batch: Batch): Promise<{ accepted: number; duplicates: number }> {
  const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { accepted: number; duplicates: number };
}

test('kill -9 during sustained ingest, at several points: every acknowledged event is stored once and re-sent batches are duplicates', async (t) => {
  const dataDir = tempDir('tally-log-crash-');
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_JOBS_SCHEDULER: 'off', TALLY_FSYNC: 'true' };
  const batches = makeBatches(1200, 250);
  const acked = new Set<number>();
  let writeKey = '';

  // [load interval ms, events per load, kill after ms]
  const phases: Array<[string, string, number]> = [
    ['5000', '1000000', 1500], // the tail is still in the log, unloaded
    ['1', '2000', 1500], // loads run back to back
    ['200', '20000', 1200],
  ];
  for (const [interval, batchSize, killAfterMs] of phases) {
    const server = await spawnTally({ ...env, FLUSH_INTERVAL_MS: interval, BATCH_SIZE: batchSize });
    t.after(() => server.stop('SIGKILL'));
    if (!writeKey) {
      const res = await fetch(`${server.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'shop' }) });
      writeKey = ((await res.json()) as { write_key: string }).write_key;
    }
    const todo = batches.map((_, i) => i).filter((i) => !acked.has(i));
    let killed = false;
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let k = c; k < todo.length && !killed; k += 8) {
        if (await sendOnce(server.url, writeKey, batches[todo[k]])) acked.add(todo[k]);
      }
    });
    const before = acked.size;
    await sleep(killAfterMs);
    killed = true;
    server.child.kill('SIGKILL');
    await Promise.all(clients);
    await server.stop('SIGKILL');
    assert.ok(acked.size > before, `phase ${interval} ms acknowledged batches before the kill`);
  }
  assert.ok(acked.size < batches.length, 'some batches are left for the last run');

  const last = await spawnTally({ ...env, FLUSH_INTERVAL_MS: '20' });
  t.after(() => last.stop('SIGKILL'));
  let duplicatesOfAcked = 0;
  for (let i = 0; i < batches.length; i++) {
    const r = await receipt(last.url, writeKey, batches[i]);
    assert.equal(r.accepted + r.duplicates, batches[i].length);
    if (acked.has(i)) {
      assert.equal(r.duplicates, batches[i].length, `batch ${i} was acknowledged before: all duplicates`);
      duplicatesOfAcked++;
    }
  }
  assert.equal(duplicatesOfAcked, acked.size);
  assert.equal(await last.stop('SIGTERM'), 0);
  const counts = await storedCounts(dataDir, batches);
  const total = batches.reduce((n, b) => n + b.length, 0);
  assert.deepEqual(counts, { rows: total, ids: total, missing: 0 });
});
