// Generated hourly series for the anomaly benchmark: a daily shape (quiet nights, an afternoon
// peak), quieter weekends, Poisson noise, from a seeded generator (the same seed, the same series),
// and anomalies injected at known hours.

export const HOURS_PER_WEEK = 168;

export type AnomalyKind = 'spike' | 'drop' | 'level_shift' | 'holiday';

export interface Injected {
  readonly kind: AnomalyKind;
  /** first anomalous hour (index) */
  readonly start: number;
  /** anomalous hours (a level shift lasts to the end) */
  readonly hours: number;
}

/** mulberry32: a small seeded PRNG */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson(λ): Knuth's product method below 30, a rounded normal approximation above */
export function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  const u = Math.max(random(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

/** the expected count of hour `h` (h = 0 is a Monday 00:00) at a peak of `peak` per hour */
export function expected(h: number, peak: number): number {
  const hod = h % 24;
  const dow = Math.floor(h / 24) % 7;
  const daily = 0.15 + 0.85 * Math.max(0, Math.sin(((hod - 6) / 16) * Math.PI)) ** 1.5;
  return peak * daily * (dow >= 5 ? 0.55 : 1);
}

export interface Series {
  readonly values: number[];
  readonly injected: Injected[];
}

/** `hours` of a clean seasonal series, with the anomalies of `plan` applied */
export function generate(hours: number, peak: number, seed: number, plan: readonly Injected[] = []): Series {
  const random = prng(seed);
  const lambdas = Array.from({ length: hours }, (_, h) => expected(h, peak));
  for (const a of plan) {
    for (let h = a.start; h < Math.min(hours, a.start + a.hours); h++) {
      if (a.kind === 'spike') lambdas[h] *= 4;
      else if (a.kind === 'drop') lambdas[h] *= 0.2;
      else if (a.kind === 'level_shift') lambdas[h] *= 1.6;
      // a holiday: a weekday that looks like a quiet weekend day
      else lambdas[h] = expected(5 * 24 + (h % 24), peak) * 0.8;
    }
  }
  return { values: lambdas.map((l) => poisson(l, random)), injected: [...plan] };
}
