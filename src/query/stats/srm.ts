// Sample-ratio mismatch: are the users split between variants as intended? Pearson's chi-square
// goodness-of-fit of the observed users per variant against the expected shares. A tiny p-value
// (below 0.001 by convention) means the assignment or the tracking is broken, and the
// experiment's other figures should not be trusted.

import { chiSquare } from './distributions.ts';

export interface SrmCheck {
  /** null when a variant has users but an expected share of 0 (a mismatch outright) */
  readonly chi_square: number | null;
  readonly df: number;
  readonly p_value: number;
  readonly mismatch: boolean;
}

/** the p-value under which a split is reported as a mismatch */
export const SRM_THRESHOLD = 0.001;

/**
 * `observed` users per variant and the `expected` share of each (any positive weights, normalised
 * here). A variant observed with an expected share of 0 is a mismatch outright.
 */
export function sampleRatioMismatch(observed: readonly number[], expected: readonly number[]): SrmCheck {
  const total = observed.reduce((s, x) => s + x, 0);
  const weight = expected.reduce((s, x) => s + x, 0);
  const df = observed.length - 1;
  if (total === 0 || df < 1 || weight <= 0) return { chi_square: 0, df: Math.max(df, 0), p_value: 1, mismatch: false };
  let chi = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = (total * expected[i]) / weight;
    if (e === 0) {
      if (observed[i] > 0) return { chi_square: null, df, p_value: 0, mismatch: true };
      continue;
    }
    chi += (observed[i] - e) ** 2 / e;
  }
  const p = chiSquare.upperP(chi, df);
  return { chi_square: chi, df, p_value: p, mismatch: p < SRM_THRESHOLD };
}
