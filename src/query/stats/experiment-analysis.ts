// The statistics of an A/B(/n) experiment from per-variant summaries (no SQL here): comparisons of
// every treatment against the control, the multiple-comparison correction, the sample-ratio check,
// the probability that each variant is best, the always-valid sequential p-value, and the
// "not enough data yet" state. Definitions (also in docs/experiments.md):
//
// - Control: `control` when given, else the first variant in alphabetical order.
// - Conversion metric: pooled two-proportion z-test (two-sided), Wald interval of the difference,
//   Katz (log risk-ratio) interval of the relative lift. Continuous metric (per-user sum of a
//   property, 0 for users without the event): Welch's t-test and its t interval.
// - More than two variants: each treatment against the control; p-values adjusted with Holm's
//   method (family-wise error ≤ alpha); top-level `p_value` = the smallest adjusted p-value.
// - Not enough data (status "not_enough_data", never significant): fewer than two variants, a
//   variant with fewer than `min_users` users (default 100), or — conversion metric — a variant
//   with fewer than `min_conversions` conversions (default 5). The figures are still computed.
// - Sequential: mSPRT (sequential.ts); `significant` then uses the always-valid p-value.

import { betaPosterior, normalPosterior, probabilityBest } from './bayes.ts';
import { holmAdjust } from './multiple.ts';
import { compareProportions } from './proportions.ts';
import { msprt } from './sequential.ts';
import { sampleRatioMismatch, type SrmCheck } from './srm.ts';
import { welchTTest } from './welch.ts';

export interface VariantSummary {
  readonly variant: string;
  readonly users: number;
  readonly conversions: number;
  /** continuous metric: mean and sample variance of the per-user values, and their sum */
  readonly mean?: number;
  readonly variance?: number;
  readonly total?: number;
}

/** cumulative counts at one look (e.g. the end of one day), per variant */
export interface ConversionLook {
  readonly at: string;
  readonly counts: ReadonlyMap<string, { users: number; conversions: number }>;
}

export interface AnalysisOptions {
  readonly metric: 'conversion' | 'continuous';
  readonly confidenceLevel: number;
  readonly control?: string;
  readonly expectedSplit?: Readonly<Record<string, number>>;
  readonly minUsers: number;
  readonly minConversions: number;
  readonly sequential: boolean;
  readonly tau: number;
  /** conversion metric, sequential: the looks to take the running minimum over */
  readonly looks?: readonly ConversionLook[];
}

export interface Comparison {
  diff: number;
  diff_ci: [number, number] | null;
  lift: number | null;
  lift_ci: [number, number] | null;
  statistic: number;
  df?: number;
  p_value: number;
  p_value_adjusted: number;
  sequential_p_value?: number;
  significant: boolean;
}

export interface VariantResult {
  variant: string;
  is_control: boolean;
  users: number;
  conversions: number;
  rate: number;
  mean?: number;
  stddev?: number;
  total?: number;
  expected_share?: number;
  probability_best: number;
  comparison?: Comparison;
}

export interface ExperimentAnalysis {
  status: 'ready' | 'not_enough_data';
  reasons: string[];
  metric: 'conversion' | 'continuous';
  test: 'two_proportion_z_test_pooled' | 'welch_t_test';
  correction: 'none' | 'holm';
  control: string | null;
  confidence_level: number;
  variants: VariantResult[];
  p_value: number | null;
  significant: boolean;
  srm: SrmCheck & { expected: Record<string, number> };
  sequential?: { method: 'msprt'; tau: number; looks: number; p_value: number | null; significant: boolean };
}

function order(summaries: readonly VariantSummary[], control: string | undefined): VariantSummary[] {
  const sorted = [...summaries].sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0));
  const c = control ?? sorted[0]?.variant;
  return [...sorted.filter((s) => s.variant === c), ...sorted.filter((s) => s.variant !== c)];
}

function spread(s: VariantSummary, metric: AnalysisOptions['metric']): { mean: number; variance: number } {
  if (metric === 'conversion') {
    const p = s.users === 0 ? 0 : s.conversions / s.users;
    return { mean: p, variance: p * (1 - p) };
  }
  return { mean: s.mean ?? 0, variance: s.variance ?? 0 };
}

/**
 * The sequential p-value of treatment vs control at one look. Var(θ̂) uses the pooled per-user
 * variance σ² (σ²·(1/n1 + 1/n2), as the pooled z-test does), so an early look where one group
 * happens to have no spread cannot make the evidence look infinite.
 */
function sequentialP(control: VariantSummary, treatment: VariantSummary, o: AnalysisOptions): number {
  if (control.users < 2 || treatment.users < 2) return 1;
  const a = spread(control, o.metric);
  const b = spread(treatment, o.metric);
  let pooledVariance: number;
  if (o.metric === 'conversion') {
    const p = (control.conversions + treatment.conversions) / (control.users + treatment.users);
    pooledVariance = p * (1 - p);
  } else {
    pooledVariance = ((control.users - 1) * a.variance + (treatment.users - 1) * b.variance) / (control.users + treatment.users - 2);
  }
  return msprt(b.mean - a.mean, pooledVariance * (1 / control.users + 1 / treatment.users), o.tau ** 2 * pooledVariance).p_value;
}

export function analyzeExperiment(summaries: readonly VariantSummary[], o: AnalysisOptions): ExperimentAnalysis {
  const alpha = 1 - o.confidenceLevel;
  const variants = order(summaries, o.control);
  const control = variants[0];
  const reasons: string[] = [];
  if (variants.length < 2) reasons.push('fewer than two variants have users');
  for (const v of variants) {
    if (v.users < o.minUsers) reasons.push(`variant ${v.variant} has ${v.users} users (at least ${o.minUsers} needed)`);
    if (o.metric === 'conversion' && v.conversions < o.minConversions) reasons.push(`variant ${v.variant} has ${v.conversions} conversions (at least ${o.minConversions} needed)`);
  }
  const ready = reasons.length === 0;

  const raw = variants.slice(1).map((t) => {
    if (o.metric === 'conversion') {
      const c = compareProportions(control.conversions, control.users, t.conversions, t.users, o.confidenceLevel);
      return { diff: c.diff, diff_ci: c.diff_ci, lift: c.lift, lift_ci: c.lift_ci, statistic: c.z, p_value: c.p_value };
    }
    const w = welchTTest(
      { n: control.users, mean: control.mean ?? 0, variance: control.variance ?? 0 },
      { n: t.users, mean: t.mean ?? 0, variance: t.variance ?? 0 },
      o.confidenceLevel,
    );
    return { diff: w.diff, diff_ci: w.diff_ci, lift: w.lift, lift_ci: null, statistic: w.t, df: w.df, p_value: w.p_value };
  });
  const adjusted = raw.length > 1 ? holmAdjust(raw.map((r) => r.p_value)) : raw.map((r) => r.p_value);

  let sequentialPs: number[] | undefined;
  let looksTaken = 1;
  if (o.sequential) {
    const final = variants.slice(1).map((t) => sequentialP(control, t, o));
    // the running minimum over the looks where every group had at least min_users users (the
    // normal approximation needs some data; skipping looks only makes the p-value larger)
    let daily = 0;
    for (const look of o.looks ?? []) {
      let taken = false;
      const at = (v: VariantSummary) => ({ ...v, users: look.counts.get(v.variant)?.users ?? 0, conversions: look.counts.get(v.variant)?.conversions ?? 0 });
      variants.slice(1).forEach((t, i) => {
        const c0 = at(control);
        const t0 = at(t);
        if (c0.users >= o.minUsers && t0.users >= o.minUsers) {
          final[i] = Math.min(final[i], sequentialP(c0, t0, o));
          taken = true;
        }
      });
      if (taken) daily++;
    }
    looksTaken = Math.max(1, daily);
    sequentialPs = final.length > 1 ? holmAdjust(final) : final;
  }

  const comparisons: Comparison[] = raw.map((r, i) => {
    const decisive = sequentialPs ? sequentialPs[i] : adjusted[i];
    return { ...r, p_value_adjusted: adjusted[i], ...(sequentialPs ? { sequential_p_value: sequentialPs[i] } : {}), significant: ready && decisive < alpha };
  });

  const posteriors = variants.map((v) => (o.metric === 'conversion' ? betaPosterior(v.conversions, v.users) : normalPosterior(v.mean ?? 0, v.variance ?? 0, v.users)));
  const best = variants.length > 0 ? probabilityBest(posteriors) : [];

  const weights = o.expectedSplit ?? Object.fromEntries(variants.map((v) => [v.variant, 1]));
  const weightSum = Object.values(weights).reduce((s, x) => s + x, 0);
  const expected = Object.fromEntries(variants.map((v) => [v.variant, weightSum > 0 ? (weights[v.variant] ?? 0) / weightSum : 0]));
  const srm = { ...sampleRatioMismatch(variants.map((v) => v.users), variants.map((v) => expected[v.variant])), expected };

  const results: VariantResult[] = variants.map((v, i) => ({
    variant: v.variant,
    is_control: i === 0,
    users: v.users,
    conversions: v.conversions,
    rate: v.users === 0 ? 0 : v.conversions / v.users,
    ...(o.metric === 'continuous' ? { mean: v.mean ?? 0, stddev: Math.sqrt(v.variance ?? 0), total: v.total ?? 0 } : {}),
    expected_share: expected[v.variant],
    probability_best: best[i],
    ...(i > 0 ? { comparison: comparisons[i - 1] } : {}),
  }));

  const pValue = comparisons.length === 0 ? null : Math.min(...comparisons.map((c) => c.p_value_adjusted));
  const sequentialValue = sequentialPs && sequentialPs.length > 0 ? Math.min(...sequentialPs) : null;
  return {
    status: ready ? 'ready' : 'not_enough_data',
    reasons,
    metric: o.metric,
    test: o.metric === 'conversion' ? 'two_proportion_z_test_pooled' : 'welch_t_test',
    correction: comparisons.length > 1 ? 'holm' : 'none',
    control: control?.variant ?? null,
    confidence_level: o.confidenceLevel,
    variants: results,
    p_value: pValue,
    significant: comparisons.some((c) => c.significant),
    srm,
    ...(o.sequential
      ? { sequential: { method: 'msprt' as const, tau: o.tau, looks: looksTaken, p_value: sequentialValue, significant: ready && sequentialValue !== null && sequentialValue < alpha } }
      : {}),
  };
}
