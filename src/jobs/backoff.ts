// Retry delays: exponential backoff with "equal jitter" — half the delay is fixed, half random — so
// runs that failed together (a store restart) do not retry together, and no retry comes sooner than
// half its nominal delay.

export interface BackoffOptions {
  /** delay before the first retry (ms) */
  readonly baseDelayMs: number;
  /** no delay exceeds this (ms) */
  readonly maxDelayMs: number;
}

/** the delay before retry number `retry` (1 = the first retry); `random` returns [0, 1) */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const nominal = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
