// Exactly once behind the libraries' retries: @segment/analytics-node and posthog-node hold batches
// while the real `tally serve` is slow to answer (so they time out and send the same batch again),
// is stopped and is started again on the same port and data directory. After their retries, every
// event is stored exactly once: the message ids become the same event ids on every attempt, and the
// batcher drops ids already stored. A server killed outright had acknowledged nothing it had not
// stored; the retries bring the rest.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { spawnTally, type TallyProcess } from '../../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../../helpers/tally.ts';

async function createApp(tally: TallyProcess, appId: string): Promise<{ write_key: string; read_key: string }> {
  const res = await fetch(`${tally.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId }) });
  assert.equal(res.status, 201);
  return (await res.json()) as { write_key: string; read_key: string };
}

/** per event name: rows stored and distinct event ids, counted by the engine */
async function counts(tally: TallyProcess, appId: string): Promise<Record<string, [number, number]>> {
  const res = await fetch(`${tally.url}/v1/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: `SELECT event_name, count() AS n, uniqExact(event_id) AS ids FROM events WHERE app_id = '${appId}' GROUP BY event_name ORDER BY event_name` }),
  });
  const body = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(body));
  return Object.fromEntries(body.rows.map((r: any) => [r.event_name, [Number(r.n), Number(r.ids)]]));
}

test('a server slow to answer, then stopped and restarted while the libraries hold batches: every event stored exactly once after their retries', async (t) => {
  const dir = tempDir();
  // commits every 1.5 s: longer than the libraries wait for an answer (400 ms), so they send again
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '1500', BATCH_SIZE: '1000000' };
  let tally = await spawnTally(env);
  t.after(async () => {
    await tally.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const port = new URL(tally.url).port;
  const seg = await createApp(tally, 'seg');
  const ph = await createApp(tally, 'ph');

  const segment = new Analytics({ writeKey: seg.write_key, host: tally.url, path: '/segment/v1/batch', flushAt: 1000, flushInterval: 50, httpRequestTimeout: 400, maxRetries: 30 });
  let posthogRequests = 0;
  const posthog = new PostHog(ph.write_key, {
    host: tally.url,
    flushAt: 1000,
    flushInterval: 50,
    requestTimeout: 400,
    fetchRetryCount: 40,
    fetchRetryDelay: 300,
    fetch: (url: string, options: any) => {
      if (url.includes('/batch/')) posthogRequests++;
      return fetch(url, options) as any;
    },
  });
  let segmentRequests = 0;
  segment.on('http_request', () => segmentRequests++);
  const failed: unknown[] = [];
  segment.on('error', (err) => failed.push(err));

  const send = (name: string) => {
    for (let i = 0; i < 100; i++) {
      segment.track({ userId: `u${i % 10}`, event: name, properties: { i } });
      posthog.capture({ distinctId: `u${i % 10}`, event: name, properties: { i } });
    }
  };
  // 1: the batches are sent, time out, and are sent again while the first attempt is still held
  send('while_slow');
  await sleep(1000);
  // the server stops (committing what it holds); the libraries keep retrying against nothing
  await tally.stop('SIGTERM');
  // 2: new batches while the server is down: refused connections, retried
  send('while_down');
  await sleep(1500);
  tally = await spawnTally({ ...env, TALLY_PORT: port, FLUSH_INTERVAL_MS: '5' });
  await Promise.all([segment.closeAndFlush({ timeout: 90_000 }), posthog.shutdown(90_000)]);

  t.diagnostic(`requests: Segment ${segmentRequests}, PostHog ${posthogRequests} for 2 batches each`);
  assert.deepEqual(failed, [], 'no batch was given up');
  assert.ok(segmentRequests > 2, `the Segment library sent batches again (${segmentRequests} requests)`);
  assert.ok(posthogRequests > 2, `the PostHog library sent batches again (${posthogRequests} requests)`);
  assert.deepEqual(await counts(tally, 'seg'), { while_down: [100, 100], while_slow: [100, 100] });
  assert.deepEqual(await counts(tally, 'ph'), { while_down: [100, 100], while_slow: [100, 100] });
});

test('a server killed (SIGKILL) while it holds the libraries\' requests: nothing was acknowledged, their retries store every event once', async (t) => {
  const dir = tempDir();
  // commits every 2 s: the requests are still held, unanswered, when the process is killed
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '2000', BATCH_SIZE: '1000000' };
  let tally = await spawnTally(env);
  t.after(async () => {
    await tally.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const port = new URL(tally.url).port;
  const seg = await createApp(tally, 'seg');
  const ph = await createApp(tally, 'ph');
  const segment = new Analytics({ writeKey: seg.write_key, host: tally.url, path: '/segment/v1/batch', flushAt: 1000, flushInterval: 50, maxRetries: 30 });
  const posthog = new PostHog(ph.write_key, { host: tally.url, flushAt: 1000, flushInterval: 50, fetchRetryCount: 40, fetchRetryDelay: 300 });
  const failed: unknown[] = [];
  segment.on('error', (err) => failed.push(err));
  for (let i = 0; i < 100; i++) {
    segment.track({ userId: `u${i % 10}`, event: 'while_killed', properties: { i } });
    posthog.capture({ distinctId: `u${i % 10}`, event: 'while_killed', properties: { i } });
  }
  await sleep(700);
  assert.equal(await tally.stop('SIGKILL'), null, 'killed, not exited');
  tally = await spawnTally({ ...env, TALLY_PORT: port, FLUSH_INTERVAL_MS: '5' });
  await Promise.all([segment.closeAndFlush({ timeout: 90_000 }), posthog.shutdown(90_000)]);
  assert.deepEqual(failed, [], 'no batch was given up');
  assert.deepEqual(await counts(tally, 'seg'), { while_killed: [100, 100] });
  assert.deepEqual(await counts(tally, 'ph'), { while_killed: [100, 100] });
});
