// Reference funnel, written from the definitions in src/query/funnel-attempts.ts and nothing else:
// every candidate attempt of every user is enumerated one by one (no dynamic programming, no
// folding), then the best attempt is picked and counted.

import { byUser, matchesAll, ms, propertyText, quantile, type RefFilter, type TestEvent } from './events.ts';

export interface RefFunnelSpec {
  fromMs: number;
  toMs: number;
  windowMs: number;
  order: 'ordered' | 'strict' | 'any';
  steps: Array<{ event: string; filters?: RefFilter[] }>;
  filters?: RefFilter[];
  breakdown?: string;
}

export interface RefAttempt {
  user: string;
  level: number;
  anchor: number;
  times: number[];
  bval: string;
}

interface Item {
  ts: number;
  low: number;
  mask: number;
  inRange: boolean;
  bval: string;
}

function items(events: readonly TestEvent[], spec: RefFunnelSpec): Item[] {
  const out: Item[] = [];
  for (const e of events) {
    const ts = ms(e);
    if (ts < spec.fromMs || ts >= spec.toMs + spec.windowMs || !matchesAll(e, spec.filters)) continue;
    const inRange = ts < spec.toMs;
    let mask = 0;
    spec.steps.forEach((s, j) => {
      const ok = e.event_name === s.event && matchesAll(e, s.filters) && (j > 0 || spec.order === 'any' || inRange);
      if (ok) mask |= 1 << j;
    });
    if (mask === 0 && spec.order !== 'strict') continue;
    const low = mask === 0 ? 65535 : mask & -mask;
    out.push({ ts, low, mask, inRange, bval: spec.breakdown ? propertyText(e, spec.breakdown) : '' });
  }
  const cmp = (a: Item, b: Item) => a.ts - b.ts || a.low - b.low || a.mask - b.mask || (a.bval < b.bval ? -1 : a.bval > b.bval ? 1 : 0);
  return out.sort(cmp);
}

const has = (it: Item, step: number) => (it.mask & (1 << step)) !== 0;

/** the attempt starting at index i: [anchor, c1, ..., cL] */
function attempt(xs: readonly Item[], i: number, spec: RefFunnelSpec): number[] {
  const S = spec.steps.length;
  const anchor = xs[i].ts;
  const deadline = anchor + spec.windowMs;
  if (spec.order === 'ordered') {
    const times = [anchor];
    let pos = i;
    for (let j = 1; j < S; j++) {
      let found = -1;
      for (let p = pos + 1; p < xs.length && xs[p].ts <= deadline; p++) {
        if (has(xs[p], j)) {
          found = p;
          break;
        }
      }
      if (found < 0) break;
      times.push(xs[found].ts);
      pos = found;
    }
    return times;
  }
  if (spec.order === 'strict') {
    const times = [anchor];
    for (let j = 1; j < S; j++) {
      const p = i + j;
      if (p >= xs.length || !has(xs[p], j) || xs[p].ts > deadline) break;
      times.push(xs[p].ts);
    }
    return times;
  }
  // any: when each step first happens at or after the anchor (in event order)
  const completions: number[] = [];
  let latest = -Infinity;
  for (let j = 0; j < S; j++) {
    let first = -1;
    for (let p = i; p < xs.length; p++) {
      if (has(xs[p], j)) {
        first = xs[p].ts;
        break;
      }
    }
    if (first < 0 || first > deadline) break;
    latest = Math.max(latest, first);
    completions.push(latest);
  }
  return completions;
}

/** each user's best attempt (deepest, then latest start); users without step 1 are left out */
export function refAttempts(events: readonly TestEvent[], spec: RefFunnelSpec): RefAttempt[] {
  const out: RefAttempt[] = [];
  for (const [user, evs] of byUser(events)) {
    const xs = items(evs, spec);
    let best: RefAttempt | undefined;
    xs.forEach((x, i) => {
      const canStart = spec.order === 'any' ? x.inRange && x.mask !== 0 : has(x, 0);
      if (!canStart) return;
      const times = attempt(xs, i, spec);
      if (times.length === 0) return;
      if (!best || times.length >= best.level) best = { user, level: times.length, anchor: x.ts, times, bval: x.bval };
    });
    if (best) out.push(best);
  }
  return out;
}

export interface RefStep {
  count: number;
  median_time_to_convert_ms: number | null;
  p90_time_to_convert_ms: number | null;
  median_time_from_previous_ms: number | null;
  p90_time_from_previous_ms: number | null;
}

export function refSteps(attempts: readonly RefAttempt[], stepCount: number): RefStep[] {
  return Array.from({ length: stepCount }, (_, k) => {
    const reached = attempts.filter((a) => a.level > k);
    const conv = reached.map((a) => a.times[k] - a.anchor);
    const prev = reached.map((a) => a.times[k] - a.times[Math.max(k - 1, 0)]);
    const timed = k > 0 && reached.length > 0;
    return {
      count: reached.length,
      median_time_to_convert_ms: timed ? quantile(conv, 0.5) : null,
      p90_time_to_convert_ms: timed ? quantile(conv, 0.9) : null,
      median_time_from_previous_ms: timed ? quantile(prev, 0.5) : null,
      p90_time_from_previous_ms: timed ? quantile(prev, 0.9) : null,
    };
  });
}
