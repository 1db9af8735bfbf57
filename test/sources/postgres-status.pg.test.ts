// GET /v1/sources when another process captures (`tally cdc` beside a server store): the status is
// read from the slot in PostgreSQL — not there yet, streaming while the other process runs, stopped
// with the position it confirmed once it ends, unknown when PostgreSQL does not answer.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { readSlotStatus, SEED_000_MAPPINGS } from '../../src/sources/index.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, bearer } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor } from './pg.ts';

interface Source {
  runs_in: string;
  state: string;
  slot: string;
  confirmed_lsn: string | null;
  lag_bytes: number | null;
  rows: unknown;
  last_error: string | null;
}

async function sources(tally: Tally): Promise<Source[]> {
  const res = await tally.app.inject({ method: 'GET', url: '/v1/sources', headers: bearer(ADMIN_TOKEN) });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { sources: Source[] }).sources;
}

test('a capture run by another process is reported from its slot: absent, streaming, stopped, unknown', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 100);
  const cdcEnv = { TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}` };
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-sources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // this process does not capture (as `tally serve` with a server store)
  const config = loadConfig({ TALLY_DATA_DIR: path.join(dir, 'serve'), TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent', TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever', ...cdcEnv });
  const tally = await startTally(config, { listen: false, capture: false, logger: pino({ level: 'silent' }) });
  t.after(() => tally.close());

  let [s] = await sources(tally);
  assert.equal(s.runs_in, 'another_process');
  assert.equal(s.state, 'stopped');
  assert.equal(s.rows, null);
  assert.match(String(s.last_error), /does not exist/);

  const capturing = await spawnTally({ TALLY_DATA_DIR: path.join(dir, 'cdc'), TALLY_ADMIN_TOKEN: ADMIN_TOKEN, ...cdcEnv });
  t.after(() => capturing.stop('SIGKILL'));
  await waitFor('the other process streams', async () => (await sources(tally))[0].state === 'streaming', 30_000);
  [s] = await sources(tally);
  assert.equal(s.slot, `s_${db.name}`);
  assert.equal(s.last_error, null);
  assert.equal(typeof s.lag_bytes, 'number');

  await insertConceptEvents(db, 50);
  assert.equal(await capturing.stop(), 0);
  [s] = await sources(tally);
  assert.equal(s.state, 'stopped');
  assert.match(String(s.confirmed_lsn), /^[0-9A-F]+\/[0-9A-F]+$/);
  assert.equal(s.last_error, null);

  // PostgreSQL unreachable: the route still answers, quickly, and says so
  const unreachable = loadConfig({ TALLY_DATA_DIR: path.join(dir, 'other'), TALLY_ADMIN_TOKEN: ADMIN_TOKEN, ...cdcEnv, TALLY_CDC_URL: 'postgres://postgres@127.0.0.1:1/none' });
  assert.ok(unreachable.cdc);
  const started = Date.now();
  const down = await readSlotStatus(unreachable.cdc);
  assert.equal(down.state, 'unknown');
  assert.match(String(down.last_error), /PostgreSQL did not answer/);
  assert.ok(Date.now() - started < 5000);
});
