// Reference retention, from the definitions in src/query/retention.ts: calendar arithmetic done
// with Intl (the runtime's time zone database), users walked one by one.

import { byUser, matchesAll, ms, propertyText, type RefFilter, type TestEvent } from './events.ts';

export type Period = 'day' | 'week' | 'month';

export interface RefRetentionSpec {
  fromMs: number;
  toMs: number;
  startEvent: string;
  returnEvent: string;
  period: Period;
  periods: number;
  timezone: string;
  filters?: RefFilter[];
  startFilters?: RefFilter[];
  returnFilters?: RefFilter[];
  cohortBy?: string;
}

export interface RefCohort {
  cohort: string;
  size: number;
  values: number[];
}

/** the local calendar date (YYYY-MM-DD) of an instant */
export function localDate(atMs: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(atMs));
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const fromDayNumber = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

export function periodStartDate(date: string, period: Period): string {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 7)}-01`;
  const n = dayNumber(date);
  const weekday = (new Date(n * 86_400_000).getUTCDay() + 6) % 7; // Monday = 0
  return fromDayNumber(n - weekday);
}

export function periodsBetween(a: string, b: string, period: Period): number {
  if (period === 'month') return Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7)) - (Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7)));
  const days = dayNumber(b) - dayNumber(a);
  return period === 'day' ? days : Math.floor(days / 7);
}

/** the instant of local midnight starting `date` in `timezone` */
export function localMidnightMs(date: string, timezone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const offset = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(new Date(t))
        .map((x) => [x.type, x.value]),
    );
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - t;
  };
  let guess = wall;
  for (let i = 0; i < 3; i++) guess = wall - offset(guess);
  return guess;
}

export function refRetention(events: readonly TestEvent[], spec: RefRetentionSpec): RefCohort[] {
  const inRange = (e: TestEvent) => ms(e) >= spec.fromMs && ms(e) < spec.toMs && matchesAll(e, spec.filters);
  const cohorts = new Map<string, RefCohort>();
  for (const evs of byUser(events).values()) {
    const starts = evs.filter((e) => inRange(e) && e.event_name === spec.startEvent && matchesAll(e, spec.startFilters)).sort((a, b) => ms(a) - ms(b));
    if (starts.length === 0) continue;
    const first = starts[0];
    const own = periodStartDate(localDate(ms(first), spec.timezone), spec.period);
    const key = spec.cohortBy ? propertyText(first, spec.cohortBy) : own;
    const cohort = cohorts.get(key) ?? { cohort: key, size: 0, values: new Array<number>(spec.periods).fill(0) };
    cohort.size++;
    const ks = new Set(
      evs
        .filter((e) => inRange(e) && e.event_name === spec.returnEvent && matchesAll(e, spec.returnFilters))
        .map((e) => periodsBetween(own, periodStartDate(localDate(ms(e), spec.timezone), spec.period), spec.period)),
    );
    for (const k of ks) if (k >= 0 && k < spec.periods) cohort.values[k]++;
    cohorts.set(key, cohort);
  }
  return [...cohorts.values()];
}
