// Runs the real `tally serve` in a child process (as a user would) on free ports.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = process.execPath;

export interface TallyProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly metricsUrl: string;
  readonly stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnTally(env: Record<string, string>, timeoutMs = 60_000): Promise<TallyProcess> {
  const child = spawn(NODE, [path.join(ROOT, 'src/cli.ts'), 'serve'], {
    cwd: ROOT,
    // fixed-date fixtures are kept (see KEEP_FOREVER in tally.ts); a test may set its own retention
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TALLY_PORT: '0', TALLY_METRICS_PORT: '0', TALLY_LOG_LEVEL: 'warn', TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tally did not start in ${timeoutMs} ms:\n${err}`)), timeoutMs);
    const onData = () => {
      const m = /listening on http:\/\/[\d.]+:(\d+) \(metrics on :(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve({ port: Number(m[1]), metricsPort: Number(m[2]) });
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tally exited with ${code}:\n${err}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${ready.port}`,
    metricsUrl: `http://127.0.0.1:${ready.metricsPort}/metrics`,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
