// The anomaly band: a robust seasonal baseline learned from the series' own history.
//
// Baseline: the median of the values at the same position of the season in the previous `weeks`
// weeks (the same hour of the week for hourly buckets — which carries the daily and the weekly
// pattern at once — or the same weekday for daily ones). With less than two weeks of history the
// season is the day (same hour on the previous days, at least three of them); with less, no band.
// Scale: the median absolute deviation (MAD) of the history around its own seasonal medians, each
// history value against the median of the other weeks' values at its position (leave-one-out, so
// a value never explains itself), times 1.4826, which makes the MAD a consistent estimator of the
// standard deviation under normal noise (Rousseeuw & Croux 1993). The band is baseline ± k·σ̂ —
// the Hampel identifier (Hampel 1974; Pearson 2002) applied to seasonal residuals, as in robust
// STL-style decomposition (Cleveland et al. 1990). Medians ignore a holiday or an earlier
// anomaly in the history, so one bad week does not move the baseline.
// Counts (count, unique users/sessions) are first put through the Anscombe transform
// 2·√(x + 3/8), which makes Poisson noise about unit variance at every level, so quiet night hours
// and busy afternoons share one scale; the band is transformed back. On that scale σ̂ is at least
// MIN_COUNT_SCALE (half the Poisson noise) so a perfectly regular history does not give a zero band.

export interface BandOptions {
  /** weeks of history the baseline uses (default 4) */
  readonly weeks: number;
  /** band half-width in robust standard deviations (default 4) */
  readonly k: number;
  /** smallest band half-width, in the series' units (default 0) */
  readonly minBand: number;
  /** the values are counts: use the variance-stabilising transform */
  readonly countLike: boolean;
}

export interface Band {
  readonly baseline: number;
  readonly low: number;
  readonly high: number;
  /** robust standard deviation on the (transformed) scale */
  readonly scale: number;
  readonly season: 'weekly' | 'daily';
}

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;
const MAD_TO_SD = 1.4826;
const MIN_COUNT_SCALE = 0.5;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const anscombe = (x: number) => 2 * Math.sqrt(Math.max(0, x) + 3 / 8);
const inverseAnscombe = (y: number) => (y <= 0 ? 0 : Math.max(0, (y / 2) ** 2 - 3 / 8));

/**
 * The band for the last value of `values` (regular buckets of `stepMs`, oldest first, the last one
 * the value judged), learned from the values before it; undefined when the history is too short.
 */
export function seasonalBand(values: readonly number[], stepMs: number, options: BandOptions): Band | undefined {
  const i = values.length - 1;
  const weekSteps = Math.round(WEEK_MS / stepMs);
  const daySteps = Math.max(1, Math.round(DAY_MS / stepMs));
  let period: number;
  let seasons: number;
  let season: Band['season'];
  if (i >= 2 * weekSteps) {
    period = weekSteps;
    seasons = Math.min(options.weeks, Math.floor(i / weekSteps));
    season = 'weekly';
  } else if (daySteps > 1 && i >= 3 * daySteps) {
    period = daySteps;
    seasons = Math.min(7, Math.floor(i / daySteps));
    season = 'daily';
  } else {
    return undefined;
  }
  const forward = options.countLike ? anscombe : (x: number) => x;
  const back = options.countLike ? inverseAnscombe : (y: number) => y;
  const y = (j: number) => forward(values[j]);

  const baselineY = median(Array.from({ length: seasons }, (_, w) => y(i - (w + 1) * period)));

  // leave-one-out residuals of the history window [i - seasons·period, i)
  const start = i - seasons * period;
  const residuals: number[] = [];
  for (let j = start; j < i; j++) {
    const others: number[] = [];
    for (let o = start + ((j - start) % period); o < i; o += period) if (o !== j) others.push(y(o));
    if (others.length > 0) residuals.push(Math.abs(y(j) - median(others)));
  }
  let scale = residuals.length > 0 ? MAD_TO_SD * median(residuals) : 0;
  if (options.countLike) scale = Math.max(scale, MIN_COUNT_SCALE);

  const baseline = back(baselineY);
  let low = back(baselineY - options.k * scale);
  let high = back(baselineY + options.k * scale);
  low = Math.min(low, baseline - options.minBand);
  high = Math.max(high, baseline + options.minBand);
  return { baseline, low, high, scale, season };
}
