// The review schedule (seed 002's "Spaced Repetition (SM-2)" block) and the answer quality it reads.
//
// Quality (0–5) of one answer, from correctness and answer time (the seed leaves it open):
//   wrong → 1 ("incorrect response"; the wrong answer says nothing more); right in ≤ 15 s → 5,
//   right in ≤ 45 s → 4, right but slower → 3; right without a time → 4.
// Calculation version 1 is the seed's rule, exactly: quality < 3 → 1 day; else interval 0 → 1 day,
//   interval 1 → 6 days, else int(interval · (1.3 + (quality − 3) · 0.2)); the interval starts at 0
//   and is folded over a question's answers in time order.
// Calculation version 2 is SuperMemo's SM-2 (Wozniak 1990): repetitions n, interval I and an
//   easiness factor EF per item (EF starts at 2.5); q ≥ 3: I = 1, 6, then ⌈I · EF⌉ for n = 0, 1, ≥2,
//   n + 1; q < 3: n = 0, I = 1; after every answer EF ← max(1.3, EF + 0.1 − (5 − q)(0.08 + (5 − q)·0.02)).
// The seed's rule has no memory of past answers besides the interval: its "easiness" 1.3–1.7 is
// computed from the last quality alone, where SM-2 carries EF (≥ 1.3, typically 2.5) from answer to
// answer and rounds the interval up. Both keep the interval in days as a double (exact integers up
// to 2^53); the stored interval and the due date are capped at MAX_INTERVAL_DAYS.

/** the calculation versions of the review schedule and of everything computed from it */
export const CALCULATION_VERSIONS = [1, 2] as const;
export type CalculationVersion = (typeof CALCULATION_VERSIONS)[number];
/** the version jobs compute and routes read unless told otherwise */
export const DEFAULT_CALCULATION_VERSION: CalculationVersion = 1;

export const QUALITY_WRONG = 1;
/** answers right within this many seconds have quality 5 */
export const FAST_ANSWER_SECONDS = 15;
/** answers right within this many seconds (and slower than FAST) have quality 4; slower: 3 */
export const SLOW_ANSWER_SECONDS = 45;
export const QUALITY_NO_TIME = 4;
/** the stored interval and the due date stop at 100 years */
export const MAX_INTERVAL_DAYS = 36_500;

/** the quality of a question_attempts row */
export const QUALITY_SQL = `toUInt8(multiIf(is_correct = 0, ${QUALITY_WRONG}, time_to_answer_seconds IS NULL, ${QUALITY_NO_TIME}, time_to_answer_seconds <= ${FAST_ANSWER_SECONDS}, 5, time_to_answer_seconds <= ${SLOW_ANSWER_SECONDS}, 4, 3))`;

/** the interval (days, Float64) after folding the array of qualities `qualities` (Array(UInt8)) */
export function intervalSql(version: CalculationVersion, qualities: string): string {
  if (version === 1) {
    return `arrayFold((acc, q) -> toFloat64(if(q < 3, 1, if(acc = 0, 1, if(acc = 1, 6, floor(acc * (1.3 + (toInt16(q) - 3) * 0.2)))))), ${qualities}, toFloat64(0))`;
  }
  // (repetitions, interval, easiness)
  return `arrayFold((s, q) -> (
      toFloat64(if(q >= 3, s.1 + 1, 0)),
      toFloat64(if(q >= 3, if(s.1 = 0, 1, if(s.1 = 1, 6, ceil(s.2 * s.3))), 1)),
      toFloat64(greatest(1.3, s.3 + (0.1 - (5 - toInt16(q)) * (0.08 + (5 - toInt16(q)) * 0.02))))
    ), ${qualities}, (toFloat64(0), toFloat64(0), toFloat64(2.5))).2`;
}

export function isCalculationVersion(v: unknown): v is CalculationVersion {
  return (CALCULATION_VERSIONS as readonly unknown[]).includes(v);
}
