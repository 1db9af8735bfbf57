// The data-directory lock between real `tally serve` processes, as a supervisor sees it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

test('a second server on a data directory is refused while the first lives; after kill -9 an immediate restart succeeds', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN };
  const first = await spawnTally(env);
  t.after(() => first.stop('SIGKILL'));
  await assert.rejects(spawnTally(env), new RegExp(`data directory ${dir} is in use by process ${first.child.pid}; stop it or set TALLY_DATA_DIR`));

  first.child.kill('SIGKILL');
  // no waiting and no sleep: the restart starts while the killed server may not even be reaped yet
  const second = await spawnTally(env);
  t.after(() => second.stop());
  assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
  assert.equal(await second.stop(), 0);
});
