// Versions for ReplacingMergeTree rows (the row with the highest version wins after merges and
// under FINAL). Microseconds of the clock, and always one more than the last version this clock
// gave, so two writes of one row in the same millisecond still replace each other in order.

/** a function answering a strictly growing version on each call */
export function createVersionClock(now: () => number = Date.now): () => number {
  let last = 0;
  return () => (last = Math.max(last + 1, now() * 1000));
}
