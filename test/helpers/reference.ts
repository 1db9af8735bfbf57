// Independent reference computations in plain TypeScript, for checking insights against the same
// events without the engine: local time through Intl (the runtime's own tz database), buckets,
// percentiles and filter semantics, written from their documented definitions.

import type { Filter } from '../../src/query/index.ts';

export type RefEvent = {
  event_name: string;
  user_id: string;
  session_id?: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context?: Record<string, unknown>;
  category?: string;
};

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** wall-clock fields of an instant in a zone */
export function localParts(ms: number, tz: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** offset of the zone from UTC at an instant (ms; local = utc + offset) */
export function offsetMs(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/** the instant of a wall-clock time in a zone (the earlier one when it occurs twice) */
export function localToInstant(y: number, m: number, d: number, h: number, tz: string): number {
  const guess = Date.UTC(y, m - 1, d, h);
  const candidates = [guess - offsetMs(guess - DAY, tz), guess - offsetMs(guess + DAY, tz), guess - offsetMs(guess, tz)];
  const exact = candidates.filter((t) => t + offsetMs(t, tz) === guess).sort((a, b) => a - b);
  return exact[0] ?? candidates[2];
}

export type RefInterval = 'minute' | 'hour' | 'day' | 'week' | 'month';

export function bucketStart(interval: RefInterval, ms: number, tz: string): number {
  if (interval === 'minute') return ms - (((ms + offsetMs(ms, tz)) % 60_000) + 60_000) % 60_000;
  if (interval === 'hour') return ms - (((ms + offsetMs(ms, tz)) % HOUR) + HOUR) % HOUR;
  const p = localParts(ms, tz);
  if (interval === 'day') return localToInstant(p.y, p.m, p.d, 0, tz);
  if (interval === 'month') return localToInstant(p.y, p.m, 1, 0, tz);
  const date = new Date(Date.UTC(p.y, p.m - 1, p.d));
  const back = (date.getUTCDay() + 6) % 7; // days since Monday
  const monday = new Date(date.getTime() - back * DAY);
  return localToInstant(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), 0, tz);
}

const NEXT_PROBE: Record<RefInterval, number> = { minute: 60_000, hour: HOUR, day: 25 * HOUR + 1, week: 7 * DAY + HOUR + 1, month: 31 * DAY + HOUR + 1 };

/** every bucket start overlapping [fromMs, toMs) */
export function bucketList(interval: RefInterval, fromMs: number, toMs: number, tz: string): number[] {
  const out: number[] = [];
  for (let b = bucketStart(interval, fromMs, tz); b < toMs; b = bucketStart(interval, b + NEXT_PROBE[interval], tz)) out.push(b);
  return out;
}

/** linear interpolation between closest ranks (Excel PERCENTILE.INC) */
export function percentileInclusive(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < xs.length ? xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]) : xs[lo];
}

/** nearest-rank percentile: the value at 1-based rank ceil(p * n / 100) */
export function nearestRank(values: readonly number[], p: number): number {
  const xs = [...values].sort((a, b) => a - b);
  return xs[Math.max(1, Math.ceil((p * xs.length) / 100)) - 1];
}

/** a property's text as the store sees it: strings as-is, other JSON values as JSON text, '' when absent */
export function propertyText(e: RefEvent, key: string): string {
  if (!Object.hasOwn(e.properties, key)) return '';
  const v = e.properties[key];
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** a property as a number (numbers and numeric strings), or null */
export function propertyNumber(e: RefEvent, key: string): number | null {
  const text = propertyText(e, key);
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
}

const CONTEXT_FROM_WIRE: Record<string, (c: Record<string, unknown>) => string> = {
  country: (c) => String(c.country ?? '').toUpperCase(),
  locale: (c) => String(c.locale ?? ''),
  app_version: (c) => String(c.app_version ?? ''),
  page_url: (c) => String(c.page_url ?? ''),
  referrer: (c) => String(c.referrer ?? ''),
};

/** the text a filter or breakdown sees for (property, source) */
export function fieldText(e: RefEvent, property: string, source: Filter['source']): { present: boolean; text: string } {
  if (source === 'context') {
    const read = CONTEXT_FROM_WIRE[property];
    if (!read) throw new Error(`reference does not model context field ${property}`);
    const text = read(e.context ?? {});
    return { present: text !== '', text };
  }
  if (source === 'event') {
    const text = String((e as Record<string, unknown>)[property] ?? '');
    return { present: text !== '', text };
  }
  return { present: Object.hasOwn(e.properties, property), text: propertyText(e, property) };
}

const scalar = (v: unknown) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
const asNumber = (text: string) => (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : null);

export function matchesFilter(e: RefEvent, f: Filter): boolean {
  const { present, text } = fieldText(e, f.property, f.source);
  switch (f.op) {
    case 'is_set':
      return present;
    case 'not_set':
      return !present;
    case 'eq':
      return present && text === scalar(f.value);
    case 'neq':
      return !(present && text === scalar(f.value));
    case 'contains':
      return text.toLowerCase().includes(scalar(f.value).toLowerCase());
    case 'in':
      return present && (Array.isArray(f.value) ? f.value : [f.value]).map(scalar).includes(text);
    default: {
      const n = asNumber(text);
      const v = Number(f.value);
      if (n === null) return false;
      return f.op === 'gt' ? n > v : f.op === 'gte' ? n >= v : f.op === 'lt' ? n < v : n <= v;
    }
  }
}

export function matchesAll(e: RefEvent, filters: readonly Filter[] | undefined): boolean {
  return (filters ?? []).every((f) => matchesFilter(e, f));
}

export function inRange(e: RefEvent, fromMs: number, toMs: number): boolean {
  const t = Date.parse(e.timestamp);
  return t >= fromMs && t < toMs;
}

export function close(a: number, b: number, relative = 1e-9): boolean {
  return Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));
}
