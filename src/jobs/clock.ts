// The scheduler's sense of time, injected so tests can drive it with a fake clock (the one place a
// fake is fine: a clock is not a service). Production uses the system clock and real timers.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** epoch ms */
  now(): number;
  /** calls `fn` once after `delayMs`; the timer never holds the process open */
  setTimer(fn: () => void, delayMs: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    // setTimeout's limit is 2^31-1 ms (~24.8 days): a longer wait re-arms in steps
    const MAX = 2_147_483_647;
    let handle: NodeJS.Timeout;
    const arm = (left: number) => {
      handle = setTimeout(() => (left > MAX ? arm(left - MAX) : fn()), Math.min(Math.max(0, left), MAX));
      handle.unref();
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** resolves after `delayMs` on `clock` */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, delayMs));
}
