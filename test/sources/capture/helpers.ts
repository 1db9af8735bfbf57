// What the capture suites share: a real `tally serve` child process with an app, and reads of what
// it stored through the public API.

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { spawnTally, type TallyProcess } from '../../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../../helpers/tally.ts';

export interface CaptureServer {
  tally: TallyProcess;
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly writeKey: string;
  readonly readKey: string;
  readonly appId: string;
}

export async function startCaptureServer(t: Pick<TestContext, 'after'>, appId = 'shop', env: Record<string, string> = {}): Promise<CaptureServer> {
  const dir = tempDir();
  const fullEnv = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '5', ...env };
  const tally = await spawnTally(fullEnv);
  const server: CaptureServer = { tally, dir, env: fullEnv, appId, writeKey: '', readKey: '' };
  t.after(async () => {
    await server.tally.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const res = await fetch(`${tally.url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId }) });
  assert.equal(res.status, 201, await res.clone().text());
  const keys = (await res.json()) as { write_key: string; read_key: string };
  return Object.assign(server, { writeKey: keys.write_key, readKey: keys.read_key });
}

export async function storedEvents(server: CaptureServer): Promise<Array<Record<string, any>>> {
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const res = await fetch(`${server.tally.url}/v1/events?app_id=${server.appId}&limit=1000&from=${from}&to=${to}`, { headers: { authorization: `Bearer ${server.readKey}` } });
  const body = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.events;
}

export async function readJson(server: CaptureServer, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.tally.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.readKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** waits until `check` holds (the server commits asynchronously to a library's send) */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() - started > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
