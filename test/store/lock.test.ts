import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirInUseError, lockAddress, lockDataDir } from '../../src/store/lock.ts';

const LOCK_MODULE = path.resolve(import.meta.dirname, '../../src/store/lock.ts');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real process that takes the lock and holds it; `shell` runs it under a parent that never reaps it. */
function holder(dir: string, shell = false): { child: ChildProcess; pid: Promise<number> } {
  const script = `import(${JSON.stringify(LOCK_MODULE)}).then((m) => m.lockDataDir(${JSON.stringify(dir)})).then(() => { console.log('locked ' + process.pid); setInterval(() => {}, 60000); })`;
  // under `sh`, the holder's parent becomes `sleep`, which never waits for it: killed, it stays a zombie
  const child = shell
    ? spawn('sh', ['-c', `"$0" -e "$1" & exec sleep 60`, process.execPath, script], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /locked (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return { child, pid };
}

/** A zombie: its last thread has exited (so its files are closed) and it waits to be reaped. */
function isZombie(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^State:\s+Z/m.test(status) && readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return false;
  }
}

test('a second lock on a directory is refused, naming the owner; released, it can be taken again', async (t) => {
  const dir = tempDir(t);
  const lock = await lockDataDir(dir);
  await assert.rejects(lockDataDir(dir), (err: unknown) => err instanceof DataDirInUseError && err.message === `data directory ${dir} is in use by process ${process.pid}; stop it or set TALLY_DATA_DIR`);
  lock.release();
  lock.release(); // idempotent
  const again = await lockDataDir(dir);
  again.release();
});

test('the lock follows the real directory, not the name it was reached by', async (t) => {
  const dir = tempDir(t);
  const data = path.join(dir, 'data');
  const lock = await lockDataDir(data);
  t.after(() => lock.release());
  symlinkSync(data, path.join(dir, 'link'));
  await assert.rejects(lockDataDir(path.join(dir, 'link')), DataDirInUseError);
  assert.notEqual(lockAddress('/a'), lockAddress('/b'));
});

test('a pid file left behind decides nothing: it is information for the message only', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'tally.pid'), '1'); // pid 1 is always alive
  const lock = await lockDataDir(dir);
  assert.equal(readFileSync(path.join(dir, 'tally.pid'), 'utf8'), String(process.pid));
  lock.release();
  assert.throws(() => readFileSync(path.join(dir, 'tally.pid')), /ENOENT/);
});

test('a lock held by another live process is refused with its pid; after kill -9 it is free at once', async (t) => {
  const dir = tempDir(t);
  const { child, pid } = holder(dir);
  t.after(() => child.kill('SIGKILL'));
  const owner = await pid;
  await assert.rejects(lockDataDir(dir), new RegExp(`in use by process ${owner};`));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const lock = await lockDataDir(dir);
  lock.release();
});

test('a killed owner that is still a zombie (its parent never reaped it) does not hold the lock', { skip: process.platform !== 'linux' }, async (t) => {
  const dir = tempDir(t);
  const { child, pid } = holder(dir, true);
  t.after(() => child.kill('SIGKILL'));
  const owner = await pid;
  await assert.rejects(lockDataDir(dir), DataDirInUseError);
  process.kill(owner, 'SIGKILL');
  // the kernel ends the process before anything else can look: wait for the state, not a time
  while (!isZombie(owner)) await new Promise((resolve) => setImmediate(resolve));
  process.kill(owner, 0); // a zombie still answers kill(pid, 0): the old pid-file check refused here
  const lock = await lockDataDir(dir);
  lock.release();
});
