// Reference experiment summaries, from the definitions in src/query/experiments.ts: users walked
// one by one to find their variant, conversion and per-user metric.

import { byUser, matchesAll, ms, type RefFilter, type TestEvent } from './events.ts';

export interface RefExperimentSpec {
  fromMs: number;
  toMs: number;
  variantProperty: string;
  exposureEvent?: string;
  goal: { event: string; filters?: RefFilter[] };
  metric?: { event: string; property: string };
  filters?: RefFilter[];
}

export interface RefVariant {
  variant: string;
  users: number;
  conversions: number;
  /** per-user metric values (continuous metric) */
  values: number[];
  /** per user: [assigned at, first goal at or null] */
  timeline: Array<[number, number | null]>;
}

function variantText(v: unknown): string | undefined {
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  const t = typeof v === 'string' ? v : String(v);
  return t === '' ? undefined : t;
}

export function refExperiment(events: readonly TestEvent[], spec: RefExperimentSpec): Map<string, RefVariant> {
  const variants = new Map<string, RefVariant>();
  for (const evs of byUser(events).values()) {
    const scoped = evs.filter((e) => ms(e) >= spec.fromMs && ms(e) < spec.toMs && matchesAll(e, spec.filters));
    const exposures = scoped
      .filter((e) => (spec.exposureEvent === undefined || e.event_name === spec.exposureEvent) && variantText(e.properties[spec.variantProperty]) !== undefined)
      .map((e) => ({ at: ms(e), variant: variantText(e.properties[spec.variantProperty]) as string }))
      .sort((a, b) => a.at - b.at || (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0));
    if (exposures.length === 0) continue;
    const { variant, at } = exposures[0];
    const goals = scoped.filter((e) => e.event_name === spec.goal.event && matchesAll(e, spec.goal.filters)).map(ms);
    const firstGoal = goals.length ? Math.min(...goals) : null;
    let value = 0;
    if (spec.metric) {
      for (const e of scoped) {
        if (e.event_name !== spec.metric.event) continue;
        const n = Number(e.properties[spec.metric.property]);
        value += Number.isFinite(n) && e.properties[spec.metric.property] !== null && e.properties[spec.metric.property] !== '' ? n : 0;
      }
    }
    const v = variants.get(variant) ?? { variant, users: 0, conversions: 0, values: [], timeline: [] };
    v.users++;
    if (firstGoal !== null) v.conversions++;
    v.values.push(value);
    v.timeline.push([at, firstGoal]);
    variants.set(variant, v);
  }
  return variants;
}

export const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
export const sampleVariance = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};
