// Comparing two conversion rates: the pooled two-proportion z-test (its p-value is the one the
// experiments contract names), the unpooled (Wald) confidence interval of the difference, and the
// relative lift with the log risk-ratio (Katz) interval.

import { normal } from './distributions.ts';

export interface ProportionComparison {
  /** rate of the treatment minus rate of the control */
  readonly diff: number;
  readonly diff_ci: [number, number];
  /** (treatment - control) / control; null when the control converts nobody */
  readonly lift: number | null;
  readonly lift_ci: [number, number] | null;
  readonly z: number;
  /** two-sided; 1 when both groups have the same rate of 0 or 1 (no variance) */
  readonly p_value: number;
}

/** the z quantile for a two-sided interval at `confidence` (0.95 → 1.959964) */
export function zCritical(confidence: number): number {
  return normal.inv(1 - (1 - confidence) / 2);
}

/** pooled two-proportion z statistic and its two-sided p-value */
export function twoProportionZTest(controlConversions: number, controlUsers: number, treatmentConversions: number, treatmentUsers: number): { z: number; p_value: number } {
  if (controlUsers === 0 || treatmentUsers === 0) return { z: 0, p_value: 1 };
  const p1 = controlConversions / controlUsers;
  const p2 = treatmentConversions / treatmentUsers;
  const pooled = (controlConversions + treatmentConversions) / (controlUsers + treatmentUsers);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / controlUsers + 1 / treatmentUsers));
  if (se === 0) return { z: 0, p_value: 1 };
  const z = (p2 - p1) / se;
  return { z, p_value: normal.twoSidedP(z) };
}

export function compareProportions(controlConversions: number, controlUsers: number, treatmentConversions: number, treatmentUsers: number, confidence: number): ProportionComparison {
  const p1 = controlUsers === 0 ? 0 : controlConversions / controlUsers;
  const p2 = treatmentUsers === 0 ? 0 : treatmentConversions / treatmentUsers;
  const diff = p2 - p1;
  const zc = zCritical(confidence);
  const seDiff = controlUsers === 0 || treatmentUsers === 0 ? 0 : Math.sqrt((p1 * (1 - p1)) / controlUsers + (p2 * (1 - p2)) / treatmentUsers);
  const { z, p_value } = twoProportionZTest(controlConversions, controlUsers, treatmentConversions, treatmentUsers);
  let lift: number | null = null;
  let liftCi: [number, number] | null = null;
  if (p1 > 0) {
    lift = p2 / p1 - 1;
    if (p2 > 0) {
      // Katz: log(p2/p1) is near normal with variance (1-p1)/x1 + (1-p2)/x2
      const seLog = Math.sqrt((1 - p1) / controlConversions + (1 - p2) / treatmentConversions);
      const logRatio = Math.log(p2 / p1);
      liftCi = [Math.exp(logRatio - zc * seLog) - 1, Math.exp(logRatio + zc * seLog) - 1];
    }
  }
  return { diff, diff_ci: [diff - zc * seDiff, diff + zc * seDiff], lift, lift_ci: liftCi, z, p_value };
}
