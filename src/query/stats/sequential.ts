// An always-valid (sequential) test: the mixture sequential probability ratio test (mSPRT) of
// Johari, Pekelis and Walsh ("Always valid inference", 2017; the method behind Optimizely's stats
// engine). The difference of the means θ̂ (conversion rates are means of 0/1 values) is taken as
// normal with variance V = s1²/n1 + s2²/n2; mixing the alternative θ ~ N(0, τ²) gives
//
//   Λ = sqrt(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))
//
// Under H0 (θ = 0) Λ is a non-negative martingale with mean 1, so by Ville's inequality
// P(Λ ever reaches 1/α) ≤ α: the p-value min(1, 1/Λ) may be looked at after every day of data and
// the experiment stopped the first time it is ≤ α, without inflating false positives. The
// always-valid p-value of a series of looks is the running minimum over them.
//
// The mixing scale τ is where the test has the most power. Here τ = tau · σ, with σ the pooled
// per-user standard deviation and `tau` (default 0.1) a standardised effect size: tuned to detect
// differences of about a tenth of a standard deviation.

/** the default standardised effect size of the mixing distribution */
export const DEFAULT_MSPRT_TAU = 0.1;

export interface SequentialLook {
  /** the mixture likelihood ratio */
  readonly lambda: number;
  /** min(1, 1/Λ) at this look */
  readonly p_value: number;
}

/** one look: θ̂ = difference of means, variance = Var(θ̂), tauSquared = τ² (same units as θ̂²) */
export function msprt(diff: number, variance: number, tauSquared: number): SequentialLook {
  if (!(variance > 0) || !(tauSquared > 0)) return { lambda: 1, p_value: 1 };
  const logLambda = 0.5 * Math.log(variance / (variance + tauSquared)) + (tauSquared * diff * diff) / (2 * variance * (variance + tauSquared));
  const lambda = Math.exp(logLambda);
  return { lambda, p_value: Math.min(1, Math.exp(-logLambda)) };
}
