// Test helpers: a real Tally (real embedded engine) on a fresh temporary data directory, closed
// and removed after the test.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { createEmbeddedConnection } from '../../src/store/embedded.ts';
import type { StoreConnection } from '../../src/store/index.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Tests keep their fixed-date events: the default retention (90 days for most categories) would
 * let the engine delete fixtures as the clock moves on. Retention tests set TALLY_RETENTION* themselves.
 */
export const KEEP_FOREVER: Readonly<Record<string, string>> = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };

export function tempDir(prefix = 'tally-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

type Hooks = Pick<TestContext, 'after'> | { after(fn: () => unknown): void };

/** the embedded engine alone, in a fresh data directory, closed and removed after the test */
export function testEngine(t: Hooks, options: Parameters<typeof createEmbeddedConnection>[1] = {}): StoreConnection {
  const dir = tempDir();
  const conn = createEmbeddedConnection(dir, options);
  t.after(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return conn;
}

export async function startTestTally(t: Hooks, env: Record<string, string> = {}): Promise<Tally> {
  const dataDir = tempDir();
  const config = loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '5', TALLY_LOG_LEVEL: 'silent', ...KEEP_FOREVER, ...env });
  const tally = await startTally(config, { listen: false, logger: pino({ level: 'silent' }) });
  t.after(async () => {
    await tally.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return tally;
}

export async function createApp(tally: Tally, appId: string): Promise<{ writeKey: string; readKey: string }> {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { app_id: appId } });
  if (res.statusCode !== 201) throw new Error(`create app: ${res.statusCode} ${res.body}`);
  const body = res.json() as { write_key: string; read_key: string };
  return { writeKey: body.write_key, readKey: body.read_key };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export async function countEvents(tally: Tally, appId: string): Promise<number> {
  const [row] = await tally.store.query<{ n: number }>('SELECT count() AS n FROM events WHERE app_id = {app:String}', { app: appId });
  return row.n;
}

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { app_id: 'shop', event_name: 'page_view', user_id: 'u_1', timestamp: '2026-10-01T12:00:00.000Z', properties: { page: '/' }, ...overrides };
}
