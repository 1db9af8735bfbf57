// One process owns an embedded data directory (the engine binds one directory per process and two
// writers would corrupt it). Ownership is a listening Unix socket named after the directory's real
// path: on Linux in the abstract namespace, which the kernel releases the moment the owner dies —
// even on kill -9, even while the dead process is still a zombie — so a supervisor's immediate
// restart is never refused by a ghost. Elsewhere the socket is a file in the temporary directory;
// one nobody answers on is stale and taken over. The `tally.pid` file next to the data is only
// information for the refusal message: it never decides who owns the directory.
//
// Two processes can only see each other's lock within one network namespace (one host or one
// container); never share a data directory between containers.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Another live process owns the directory (the message names its pid when known). */
export class DataDirInUseError extends Error {
  readonly dir: string;
  constructor(dir: string, owner: string) {
    super(`data directory ${dir} is in use by ${owner}; stop it or set TALLY_DATA_DIR`);
    this.name = 'DataDirInUseError';
    this.dir = dir;
  }
}

export interface DirLock {
  /** stops owning the directory (idempotent); the process exiting does the same */
  release(): void;
}

/** The socket address that stands for owning `dir` (resolved through symlinks). */
export function lockAddress(realDir: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash('sha256').update(realDir).digest('hex').slice(0, 32);
  return platform === 'linux' ? `\0tally-${digest}` : path.join(tmpdir(), `tally-${digest}.sock`);
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Does a live process accept connections on this socket file? (Not used for abstract sockets.) */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function ownerOf(pidFile: string): string {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? `process ${pid}` : 'another process';
  } catch {
    return 'another process';
  }
}

/** Takes the data directory for this process, or throws DataDirInUseError ("data directory … is in use by process N"). */
export async function lockDataDir(dir: string): Promise<DirLock> {
  mkdirSync(dir, { recursive: true });
  const address = lockAddress(realpathSync(dir));
  const pidFile = path.join(dir, 'tally.pid');
  const server = createServer((socket) => socket.destroy());
  for (let attempt = 0; ; attempt++) {
    try {
      await listen(server, address);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      const abstract = address.startsWith('\0');
      if (abstract || attempt > 0 || (await answers(address))) {
        throw new DataDirInUseError(dir, ownerOf(pidFile));
      }
      rmSync(address, { force: true }); // a socket file left by a dead owner
    }
  }
  // the lock must not keep a finished command alive
  server.unref();
  writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        if (readFileSync(pidFile, 'utf8') === String(process.pid)) rmSync(pidFile);
      } catch {
        // already gone
      }
      server.close();
    },
  };
}
