// scripts/test.sh (`npm test`, `npm run test:unit`) starts only the services the selected suites
// need, and the unit selection needs none. Checked with --list, which runs nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVICE_SUITE = /\.(kafka|pg|clickhouse|s3|browser)\.test\.ts$/;

function plan(...args: string[]): { services: string[]; files: string[] } {
  const out = execFileSync('bash', ['scripts/test.sh', '--list', ...args], { cwd: ROOT, encoding: 'utf8' });
  const [first, ...files] = out.trim().split('\n');
  return { services: first.replace(/^services:\s*/, '').split(/\s+/).filter(Boolean).sort(), files };
}

test('the unit selection holds no suite that needs a service, and starts nothing', () => {
  const unit = plan('--unit');
  assert.deepEqual(unit.services, []);
  assert.ok(unit.files.length > 20);
  for (const f of unit.files) assert.doesNotMatch(f, SERVICE_SUITE);
  assert.ok(unit.files.includes('test/config/registry.test.ts'));
});

test('a directory of suites without services starts nothing', () => {
  const api = plan('test/api');
  assert.deepEqual(api.services, []);
  assert.ok(api.files.length > 0 && api.files.every((f) => f.startsWith('test/api/')));
});

test('one Kafka suite starts Kafka only; everything starts every service a suite names', () => {
  assert.deepEqual(plan('test/ingest/kafka-sink.kafka.test.ts').services, ['kafka']);
  assert.deepEqual(plan('test/store').services, ['clickhouse', 'kafka']);
  const all = plan();
  const named = new Set(all.files.map((f) => SERVICE_SUITE.exec(f)?.[1]).filter((s) => s !== undefined).map((s) => (s === 'pg' ? 'postgres' : s === 's3' ? 'seaweedfs' : s)));
  assert.deepEqual(all.services, [...named].sort());
  assert.ok(all.files.some((f) => f.startsWith('sdk/test/')), 'the SDK suites run too');
});

test('suites that reach a service say so in their name', () => {
  for (const f of plan('--unit').files) {
    if (f === 'test/scripts/test-runner.test.ts') continue; // names the markers below
    const code = readFileSync(path.join(ROOT, f), 'utf8');
    assert.doesNotMatch(code, /helpers\/kafka\.ts|:18123|:18333|CLICKHOUSE_URL|SEAWEEDFS|playwright-core|from 'pg'/, `${f} needs a service: name it *.kafka/pg/clickhouse/s3/browser.test.ts`);
  }
});
