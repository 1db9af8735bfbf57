// `tally worker` as its own process: it consumes what an ingest node (`tally serve` with
// TALLY_INGEST=kafka) produced into its own store, exports its metrics, and on SIGTERM stores and
// commits what it read before exiting 0. (Here both use embedded stores, so the ingest node also
// consumes into its own, in another group; with a ClickHouse server, serve would not consume.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { makeBatches, sendAll, storedCounts } from '../helpers/ingest-load.ts';
import { BOOTSTRAP, createTopics, randomName, waitFor } from '../helpers/kafka.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function spawnWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/cli.ts'), 'worker'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TALLY_METRICS_PORT: '0', TALLY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => err,
    exited,
    async metricsUrl(): Promise<string> {
      await waitFor(`the worker to start:\n${err}`, () => /metrics on :\d+/.test(err) || child.exitCode !== null, 60_000);
      const m = /metrics on :(\d+)/.exec(err);
      if (!m) throw new Error(`tally worker exited:\n${err}`);
      return `http://127.0.0.1:${m[1]}/metrics`;
    },
  };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`)).reduce((a, l) => a + Number(l.split(' ').pop()), 0);
}

test('tally worker consumes what an ingest node produced into its store, and flushes on SIGTERM', { timeout: 120_000 }, async (t) => {
  const topic = randomName('tally-proc');
  await createTopics(t, [topic]);
  const kafka = { TALLY_INGEST: 'kafka', KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','), KAFKA_TOPIC: topic };
  const ingestDir = tempDir();
  const ingest = await spawnTally({ TALLY_DATA_DIR: ingestDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, KAFKA_GROUP_ID: randomName('tally-proc-a'), ...kafka });
  t.after(() => ingest.stop('SIGKILL'));
  const workerDir = tempDir();
  const worker = spawnWorker({ TALLY_DATA_DIR: workerDir, KAFKA_GROUP_ID: randomName('tally-proc-b'), BATCH_SIZE: '1000', FLUSH_INTERVAL_MS: '50', ...kafka });
  t.after(() => void (worker.child.exitCode === null && worker.child.kill('SIGKILL')));
  const metricsUrl = await worker.metricsUrl();

  const created = await fetch(`${ingest.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: 'shop' }) });
  assert.equal(created.status, 201);
  const batches = makeBatches(40, 100);
  await sendAll(ingest.url, ADMIN_TOKEN, batches, 4);
  await waitFor('the worker to store every event', async () => (await metric(metricsUrl, 'analytics_events_inserted_total')) === 4000, 60_000, 200);
  assert.equal(await metric(metricsUrl, 'analytics_events_consumed_total'), 4000, 'a worker process counts the messages it read');
  assert.ok((await metric(metricsUrl, 'analytics_kafka_commits_total')) > 0);
  // lag is measured every 5 s, per assigned partition; everything is committed, so it is 0
  const lagLines = async () => (await fetch(metricsUrl).then((r) => r.text())).split('\n').filter((l) => l.startsWith(`analytics_kafka_consumer_lag{topic="${topic}"`));
  await waitFor('consumer lag to be exported', async () => (await lagLines()).length === 3, 20_000, 500);
  assert.ok((await lagLines()).every((l) => l.endsWith(' 0')), (await lagLines()).join('\n'));

  worker.child.kill('SIGTERM');
  assert.equal(await worker.exited, 0, worker.stderr());
  assert.deepEqual(await storedCounts(workerDir, batches), { rows: 4000, ids: 4000, missing: 0 });
  await ingest.stop('SIGTERM');
  for (const dir of [ingestDir, workerDir]) rmSync(dir, { recursive: true, force: true });
});
