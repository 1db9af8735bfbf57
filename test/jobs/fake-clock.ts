// A fake clock for the scheduler tests: time moves only when the test says so. Between timers it
// lets real I/O (the store) finish, since the scheduler records runs in the real engine.

import type { Clock } from '../../src/jobs/index.ts';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FakeClock extends Clock {
  /** fires every timer due within `ms`, in order, letting real I/O run after each */
  advance(ms: number): Promise<void>;
  /** moves to the next timer and fires it; false when none is pending */
  next(): Promise<boolean>;
  set(ms: number): void;
  pending(): number;
}

export function fakeClock(startMs: number): FakeClock {
  let now = startMs;
  let seq = 0;
  let timers: Pending[] = [];
  const due = () => timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  const fire = async (t: Pending) => {
    timers = timers.filter((x) => x !== t);
    now = Math.max(now, t.at);
    t.fn();
    await realPause(60);
  };
  return {
    now: () => now,
    setTimer(fn, delayMs) {
      const t: Pending = { at: now + Math.max(0, delayMs), seq: seq++, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
    async advance(ms) {
      const target = now + ms;
      for (let t = due(); t && t.at <= target; t = due()) await fire(t);
      now = target;
      await realPause(60);
    },
    async next() {
      const t = due();
      if (!t) return false;
      await fire(t);
      return true;
    },
    set(ms) {
      now = ms;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
