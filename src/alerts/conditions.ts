// Whether a condition holds on a series' complete buckets, as a value: the value judged, the band
// it was judged against (low/high; for a threshold the one bound) and whether it is breached.
// Pure: the evaluator (evaluator.ts) fetches the buckets and keeps the state.

import { seasonalBand } from './anomaly.ts';
import type { Condition } from './rule.ts';

export interface Judgement {
  /** the value of the last complete bucket (null: no complete bucket yet) */
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly breached: boolean;
  /** what was decided, for the history and the notification */
  readonly message: string;
}

const COUNT_MATHS: ReadonlySet<string> = new Set(['count', 'unique_users', 'unique_users_approx', 'unique_sessions']);

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(6).replace(/\.?0+$/, ''));

/** `values`: the complete buckets, oldest first; the last one is judged. */
export function judge(condition: Condition, values: readonly number[], stepMs: number, math: string): Judgement {
  if (values.length === 0) return { value: null, low: null, high: null, breached: false, message: 'no complete bucket yet' };
  const value = values[values.length - 1];
  switch (condition.kind) {
    case 'threshold': {
      const breached = condition.op === 'above' ? value > condition.value : value < condition.value;
      const bound = condition.value;
      return {
        value,
        low: condition.op === 'below' ? bound : null,
        high: condition.op === 'above' ? bound : null,
        breached,
        message: `${fmt(value)} is ${breached ? '' : 'not '}${condition.op} ${fmt(bound)}`,
      };
    }
    case 'change': {
      if (values.length < 2) return { value, low: null, high: null, breached: false, message: 'no previous bucket yet' };
      const previous = values[values.length - 2];
      const allowed = condition.absolute ?? (Math.abs(previous) * (condition.percent ?? 0)) / 100;
      const op = condition.op ?? 'either';
      const low = previous - allowed;
      const high = previous + allowed;
      // a percent change from 0 is infinite: any rise (or fall) from 0 counts
      const up = value - previous >= allowed && value !== previous;
      const down = previous - value >= allowed && value !== previous;
      const breached = (op !== 'decrease' && up) || (op !== 'increase' && down);
      const change = condition.absolute !== undefined ? `${fmt(value - previous)}` : previous === 0 ? 'from 0' : `${fmt(((value - previous) / Math.abs(previous)) * 100)}%`;
      return { value, low: op === 'increase' ? null : low, high: op === 'decrease' ? null : high, breached, message: `${fmt(value)} against ${fmt(previous)} before (${change})` };
    }
    case 'anomaly': {
      // trends fill empty buckets with 0: the history starts at the series' first non-zero bucket,
      // so a new series is not judged against weeks of zeros it never had
      const first = values.findIndex((v) => v !== 0);
      const band = seasonalBand(first < 0 ? values : values.slice(first), stepMs, {
        weeks: condition.weeks ?? 4,
        k: condition.k ?? 4,
        minBand: condition.min_band ?? (COUNT_MATHS.has(math) ? 1 : 0),
        countLike: COUNT_MATHS.has(math),
      });
      if (!band) return { value, low: null, high: null, breached: false, message: 'not enough history for a baseline yet' };
      const op = condition.op ?? 'either';
      const breached = (op !== 'below' && value > band.high) || (op !== 'above' && value < band.low);
      return {
        value,
        low: band.low,
        high: band.high,
        breached,
        message: `${fmt(value)} ${breached ? 'outside' : 'inside'} the ${band.season} band [${fmt(band.low)}, ${fmt(band.high)}] around ${fmt(band.baseline)}`,
      };
    }
  }
}

/** how many buckets before the judged one the condition needs */
export function historyBuckets(condition: Condition, stepMs: number): number {
  if (condition.kind === 'threshold') return 0;
  if (condition.kind === 'change') return 1;
  return Math.round(((condition.weeks ?? 4) * 7 * 86_400_000) / stepMs);
}
