// docs/prometheus/alerts.yml is valid (promtool check rules), its unit tests pass (promtool test
// rules), every metric it names is one Tally really exports, and the live /metrics output passes
// `promtool check metrics`. promtool is Debian's prometheus package (.ci/run installs it).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { createCdcMetrics } from '../../src/observability/cdc-metrics.ts';
import { createKafkaMetrics } from '../../src/observability/kafka-metrics.ts';
import { startMetricsServer } from '../../src/observability/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RULES = path.join(ROOT, 'docs/prometheus/alerts.yml');
const PROMTOOL = '/usr/bin/promtool';

function promtool(args: string[], stdin?: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, args, { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin ?? '');
  });
}

test('promtool accepts the rules and their unit tests pass', async () => {
  const check = await promtool(['check', 'rules', RULES]);
  assert.equal(check.code, 0, check.out);
  assert.match(check.out, /SUCCESS: \d+ rules found/);
  const unit = await promtool(['test', 'rules', path.join(ROOT, 'docs/prometheus/alerts.test.yml')]);
  assert.equal(unit.code, 0, unit.out);
});

test('promtool refuses a broken rule file (the check can fail)', async () => {
  const broken = await promtool(['check', 'rules', '/dev/stdin'], 'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m]) >\n');
  assert.notEqual(broken.code, 0);
});

test('the live /metrics output passes promtool check metrics, and every metric the rules name exists', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey } = await createApp(tally, 'shop');
  // some traffic, so histograms and labelled counters have samples
  await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: [event(), event({ user_id: undefined })] } });
  const server = await startMetricsServer(tally.metrics.registry, 0, '127.0.0.1');
  t.after(() => server.close());
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const lint = await promtool(['check', 'metrics'], text);
  assert.equal(lint.code, 0, lint.out);

  // names the rules use: the live ones, plus those registered only in Kafka and change-capture processes
  const extra = new Registry();
  createKafkaMetrics(extra);
  createCdcMetrics(extra);
  const exported = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));
  for (const m of (await extra.getMetricsAsJSON()) as Array<{ name: string }>) exported.add(m.name);
  const rules = readFileSync(RULES, 'utf8');
  const exprs = [...rules.matchAll(/expr: (.+)$/gm)].map(([, e]) => e);
  const named = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:analytics|tally)_[a-z0-9_]+)\b/g)].map(([, n]) => n)));
  assert.ok(named.size >= 15, `the rules name ${named.size} metrics`);
  for (const name of named) assert.ok(exported.has(name), `${name} is exported by Tally`);
});
