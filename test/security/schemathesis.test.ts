// Fuzzing from the OpenAPI document with schemathesis (scripts/fuzz.sh) against the real server
// process: no request to the ingest or query endpoints gets a 5xx or hangs, and the server is still
// up and counting correctly afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, event, tempDir } from '../helpers/tally.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function runFuzz(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(ROOT, 'scripts/fuzz.sh'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('schemathesis finds no server error or hang in the ingest and query endpoints', async (t) => {
  const install = await runFuzz(['--install-only']);
  assert.equal(install.code, 0, `installing schemathesis failed:\n${install.output.slice(-3000)}`);

  const dir = tempDir();
  const server = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_FSYNC: 'false', TALLY_QUERY_TIMEOUT_MS: '2000', TALLY_RATE_LIMIT_WRITE: '0', TALLY_RATE_LIMIT_READ: '0' });
  t.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = (p: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${p}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${init.token ?? ADMIN_TOKEN}` } });
  const created = (await (await api('/v1/apps', { method: 'POST', body: JSON.stringify({ app_id: 'shop' }) })).json()) as { write_key: string; read_key: string };
  await api('/v1/batch', { method: 'POST', token: created.write_key, body: JSON.stringify({ events: Array.from({ length: 50 }, (_, i) => event({ user_id: `u_${i % 5}`, properties: { i } })) }) });

  const fuzz = await runFuzz([server.url, created.write_key, created.read_key, '100']);
  assert.equal(fuzz.code, 0, `schemathesis reported failures:\n${fuzz.output.slice(-6000)}`);
  const runs = [...fuzz.output.matchAll(/(\d+) generated, (\d+) passed/g)];
  assert.equal(runs.length, 2, fuzz.output.slice(-3000));
  for (const [, generated, passed] of runs) {
    assert.equal(passed, generated);
    assert.ok(Number(generated) >= 100, `only ${generated} cases`);
  }

  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const query = await api('/v1/query', { method: 'POST', token: created.read_key, body: JSON.stringify({ sql: "SELECT count() AS n FROM events WHERE user_id LIKE 'u\\\\_%'" }) });
  assert.equal(query.status, 200);
  assert.equal(((await query.json()) as { rows: Array<{ n: number }> }).rows[0].n, 50, 'the fuzzer changed none of the events it did not send');
});
