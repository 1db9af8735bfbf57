// A query budget per key, so one key cannot hold the engine for everyone. Two bounds:
//   - concurrency: at most `maxConcurrent` questions of one key run at once (more answer 429);
//   - time: each key has a bucket of query seconds (`secondsPerMinute`, refilled continuously);
//     a question runs while the bucket is not empty and is charged what it took afterwards, so a
//     key that spends a minute's worth waits (429 + Retry-After) until the bucket refills.
// The admin token is not budgeted. Write keys never reach the questions this guards.

import { TallyError } from '../errors.ts';

export interface QueryBudgetOptions {
  readonly maxConcurrent: number;
  /** 0 = no time budget */
  readonly secondsPerMinute: number;
  readonly now?: () => number;
}

interface KeyState {
  running: number;
  /** seconds left; may go below zero after a long question */
  seconds: number;
  updatedMs: number;
}

export function createQueryBudget(options: QueryBudgetOptions) {
  const now = options.now ?? Date.now;
  const capacity = options.secondsPerMinute;
  const perMs = capacity / 60_000;
  const keys = new Map<string, KeyState>();

  function state(keyId: string): KeyState {
    const t = now();
    let s = keys.get(keyId);
    if (!s) {
      s = { running: 0, seconds: capacity, updatedMs: t };
      keys.set(keyId, s);
    } else {
      s.seconds = Math.min(capacity, s.seconds + (t - s.updatedMs) * perMs);
      s.updatedMs = t;
    }
    return s;
  }

  return {
    /** admits one question of `keyId` or throws 429; call `release` with its duration when it ends */
    acquire(keyId: string): void {
      const s = state(keyId);
      if (s.running >= options.maxConcurrent) throw new TallyError('TALLY_ERR_QUERY_BUDGET', [`${options.maxConcurrent} questions at once`, 1], { retryAfterSeconds: 1 });
      if (capacity > 0 && s.seconds <= 0) {
        const wait = Math.max(1, Math.ceil(-s.seconds / perMs / 1000));
        throw new TallyError('TALLY_ERR_QUERY_BUDGET', [`${capacity} s of query time a minute`, wait], { retryAfterSeconds: wait });
      }
      s.running++;
    },

    release(keyId: string, seconds: number): void {
      const s = state(keyId);
      s.running = Math.max(0, s.running - 1);
      if (capacity > 0) s.seconds -= seconds;
      // a full, idle bucket is as good as none: forget it so the map does not grow with old keys
      if (s.running === 0 && s.seconds >= capacity) keys.delete(keyId);
    },
  };
}

export type QueryBudget = ReturnType<typeof createQueryBudget>;
