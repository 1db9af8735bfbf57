// /metrics is read by Prometheus and its tooling: what the metrics server answers passes the real
// `promtool check metrics` with no warning (e.g. no gauge named *_total), and keeps the seed's
// metric names. Needs promtool (Debian package `prometheus`; .ci/run installs it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createMetrics, startMetricsServer } from '../../src/observability/index.ts';
import { createKafkaMetrics } from '../../src/observability/kafka-metrics.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, event, tempDir } from '../helpers/tally.ts';

const SEED_NAMES = ['analytics_events_consumed_total', 'analytics_events_inserted_total', 'analytics_batch_flush_seconds', 'analytics_pipeline_errors_total'];

/** runs `promtool check metrics` on the text; its output lists every problem it finds */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

/** the metric families the text declares */
function families(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name, type]));
}

function assertPromtoolClean(text: string, result: { code: number | null; output: string }): void {
  assert.equal(result.output.trim(), '', `promtool found problems:\n${result.output}`);
  assert.equal(result.code, 0);
  for (const [name, type] of families(text)) {
    if (name.endsWith('_total')) assert.equal(type, 'counter', `${name} is a ${type}`);
  }
}

test('the metrics of the running service pass promtool check metrics with no warning, and keep the seed names', async (t) => {
  const dir = tempDir();
  const server = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_FSYNC: 'false' });
  t.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const admin = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
  const created = (await (await fetch(`${server.url}/v1/apps`, { method: 'POST', headers: admin, body: JSON.stringify({ app_id: 'shop' }) })).json()) as { write_key: string };
  const ingest = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { ...admin, authorization: `Bearer ${created.write_key}` },
    body: JSON.stringify({ events: [event(), event({ user_id: 'u_2' }), { app_id: 'shop' }] }),
  });
  assert.equal(ingest.status, 200);

  const res = await fetch(server.metricsUrl);
  assert.equal(res.status, 200);
  assert.match(String(res.headers.get('content-type')), /^text\/plain/);
  const text = await res.text();
  assertPromtoolClean(text, await promtoolCheck(text));
  const names = families(text);
  for (const name of SEED_NAMES) assert.ok(names.has(name), `${name} is missing from /metrics`);
  assert.equal(names.get('analytics_batch_flush_seconds'), 'histogram');
  assert.ok(names.has('process_cpu_seconds_total') && names.has('nodejs_active_handles'), 'the process metrics are there');
  assert.match(text, /^analytics_events_inserted_total 2$/m);
});

test('the Kafka pipeline metrics pass promtool check metrics too', async (t) => {
  const metrics = createMetrics({ collectProcessMetrics: true });
  createKafkaMetrics(metrics.registry);
  metrics.observeHttp('/v1/batch', 'POST', 200, 0.01);
  metrics.ingest.onRejected('TALLY_ERR_EVENT_MISSING_FIELD');
  metrics.pipelineError('insert');
  const server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
  t.after(() => server.close());
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  assert.ok(families(text).has('analytics_kafka_produced_total'));
  assertPromtoolClean(text, await promtoolCheck(text));
});
