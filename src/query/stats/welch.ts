// Comparing two means of per-user values (revenue, watch time) with Welch's t-test: unequal
// variances, Welch–Satterthwaite degrees of freedom, and the t interval of the difference.

import { studentT } from './distributions.ts';

export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  /** sample variance (n - 1 in the denominator) */
  readonly variance: number;
}

export interface MeanComparison {
  /** treatment mean - control mean */
  readonly diff: number;
  /** null when a group has fewer than two users */
  readonly diff_ci: [number, number] | null;
  /** diff / control mean; null when the control mean is 0 */
  readonly lift: number | null;
  readonly t: number;
  readonly df: number;
  /** two-sided; 1 when both groups have no variance */
  readonly p_value: number;
}

export function welchTTest(control: SampleSummary, treatment: SampleSummary, confidence: number): MeanComparison {
  const diff = treatment.mean - control.mean;
  const lift = control.mean === 0 ? null : diff / control.mean;
  if (control.n < 2 || treatment.n < 2) return { diff, diff_ci: null, lift, t: 0, df: 0, p_value: 1 };
  const a = control.variance / control.n;
  const b = treatment.variance / treatment.n;
  const se = Math.sqrt(a + b);
  if (se === 0) return { diff, diff_ci: [diff, diff], lift, t: 0, df: control.n + treatment.n - 2, p_value: diff === 0 ? 1 : 0 };
  const t = diff / se;
  const df = (a + b) ** 2 / (a ** 2 / (control.n - 1) + b ** 2 / (treatment.n - 1));
  const tc = studentT.inv(1 - (1 - confidence) / 2, df);
  return { diff, diff_ci: [diff - tc * se, diff + tc * se], lift, t, df, p_value: studentT.twoSidedP(t, df) };
}
