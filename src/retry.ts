// Retrying with exponential backoff and jitter, the one way Tally waits before trying again (store
// reads, the Kafka worker's store and produce calls, its consumer rejoin, job runs). Jitter keeps
// clients that failed together (a store restart) from retrying together: "full" draws the whole
// delay at random (the default), "equal" keeps half of it fixed so no retry comes sooner than half
// its nominal delay, "added" waits the nominal delay plus up to half of it again (the nominal delay
// is then a floor, as a server transport's configured retry delay promises).

export interface BackoffOptions {
  /** nominal delay before the first retry (ms) */
  readonly baseDelayMs: number;
  /** no nominal delay exceeds this (ms); 'added' jitter may add half of it again */
  readonly maxDelayMs: number;
  /** 'full' (default): uniform in [0, nominal]; 'equal': uniform in [nominal / 2, nominal]; 'added': uniform in [nominal, 1.5 × nominal] */
  readonly jitter?: 'full' | 'equal' | 'added';
}

/** the delay before retry number `retry` (1 = the first retry); `random` returns [0, 1) */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const nominal = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  if (options.jitter === 'added') return Math.round(nominal + (nominal / 2) * random());
  const fixed = options.jitter === 'equal' ? nominal / 2 : 0;
  return Math.round(fixed + (nominal - fixed) * random());
}

export interface RetryOptions extends BackoffOptions {
  /** retries after the first attempt (default: no limit) */
  readonly retries?: number;
  /** whether this error is worth another attempt (default: every error) */
  readonly shouldRetry?: (err: unknown) => boolean;
  /** called before each wait, e.g. to log or count the retry */
  readonly onRetry?: (err: unknown, delayMs: number, retry: number) => void;
  readonly random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it succeeds; rethrows the last error once retries are spent or `shouldRetry` says no. */
export async function retryWithBackoff<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = options.retries ?? Number.POSITIVE_INFINITY;
  for (let retry = 1; ; retry++) {
    try {
      return await fn();
    } catch (err) {
      if (retry > retries || (options.shouldRetry && !options.shouldRetry(err))) throw err;
      const delayMs = backoffDelayMs(retry, options, options.random);
      options.onRetry?.(err, delayMs, retry);
      await sleep(delayMs);
    }
  }
}
