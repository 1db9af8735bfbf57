// The life of a `tally` process, shared by every command (cli.ts dispatches; serve, worker, migrate,
// codegen and demo run through here): a long-running service stops on SIGINT or SIGTERM gracefully
// and once, a second signal ends it at once; a one-shot command uses the store this process owns
// and always closes it; every failure ends as one line `CODE: message` on stderr (never a stack)
// and a documented exit code. Nothing else in src/ installs signal handlers or calls process.exit.

import { constants } from 'node:os';
import type { Config } from './config/index.ts';
import { isTallyError } from './errors.ts';
import type { Logger } from './observability/index.ts';
import { openOwnedStore, type EmbeddedOptions, type StoreConnection } from './store/index.ts';

/** Exit codes of `tally`: 0 done (or stopped by a signal and shut down cleanly), 1 failed, 2 usage. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A started service: `serve` (the API) or `worker` (the Kafka consumer). */
export interface RunningService {
  readonly logger: Logger;
  /** stops taking work, finishes and stores what was taken, closes the store; idempotent */
  close(): Promise<void>;
}

/**
 * Keeps a started service until SIGINT or SIGTERM, then closes it and exits 0 (1 when closing
 * fails). A second signal while closing exits at once with 128 + its number: the operator insists,
 * and nothing acknowledged is lost (acknowledgements wait for the store).
 */
export function stopOnSignal(service: RunningService, stopping: string, proc: NodeJS.Process = process): void {
  let stopped = false;
  const onSignal = (signal: (typeof STOP_SIGNALS)[number]) => {
    if (stopped) {
      service.logger.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      proc.exit(128 + constants.signals[signal]);
    }
    stopped = true;
    service.logger.info({ signal }, `shutting down: ${stopping}`);
    service.close().then(
      () => proc.exit(EXIT.ok),
      (err: unknown) => {
        service.logger.error({ err }, 'shutdown failed');
        proc.exit(EXIT.failed);
      },
    );
  };
  for (const signal of STOP_SIGNALS) proc.on(signal, () => onSignal(signal));
}

/** Runs `use` with the store this process owns (the embedded data directory locked), and closes it whatever happens. */
export async function withOwnedStore<T>(config: Pick<Config, 'store' | 'dataDir'>, use: (store: StoreConnection) => Promise<T>, options: EmbeddedOptions = {}): Promise<T> {
  const store = await openOwnedStore(config.store, config.dataDir, options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** The one line a failed command prints: the registry code when there is one, never a stack. */
export function failureLine(err: unknown): string {
  if (isTallyError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs a command's main function. A number is the exit code once the work is done; undefined means
 * a service keeps running (its open handles hold the process). A failure prints one line and exits 1.
 */
export function runMain(main: () => Promise<number | undefined>, proc: NodeJS.Process = process): void {
  main().then(
    (code) => {
      if (typeof code === 'number') proc.exitCode = code;
    },
    (err: unknown) => {
      proc.stderr.write(`${failureLine(err)}\n`);
      proc.exit(EXIT.failed);
    },
  );
}
