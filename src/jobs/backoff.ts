// Retry delays: exponential backoff with "equal jitter" — half the delay is fixed, half random — so
// runs that failed together (a store restart) do not retry together, and no retry comes sooner than
// half its nominal delay. The formula is the shared one (src/retry.ts).

import { backoffDelayMs as sharedBackoffDelayMs, type BackoffOptions as SharedBackoffOptions } from '../retry.ts';

export type BackoffOptions = Omit<SharedBackoffOptions, 'jitter'>;

/** the delay before retry number `retry` (1 = the first retry); `random` returns [0, 1) */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  return sharedBackoffDelayMs(retry, { ...options, jitter: 'equal' }, random);
}
