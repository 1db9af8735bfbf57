// Plain-TypeScript helpers for the insight reference computations: the events tests generate, a
// seeded random source, and filters evaluated the way their documentation says (property values
// compared as text; gt/gte/lt/lte as numbers). Nothing here looks at SQL.

import { seededRandom } from '../../../src/demo/dataset.ts';

/** mulberry32, seeded */
export const seeded = seededRandom;

export interface TestEvent {
  app_id: string;
  event_name: string;
  user_id: string;
  session_id?: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

export interface RefFilter {
  property: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in' | 'is_set' | 'not_set';
  value?: string | number | boolean | Array<string | number | boolean>;
}

export const ms = (e: TestEvent): number => Date.parse(e.timestamp);

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function matches(e: TestEvent, f: RefFilter): boolean {
  const present = Object.hasOwn(e.properties, f.property) && e.properties[f.property] !== null;
  const t = text(e.properties[f.property]);
  const num = t === undefined ? NaN : Number(t);
  const v = f.value;
  switch (f.op) {
    case 'is_set':
      return Object.hasOwn(e.properties, f.property);
    case 'not_set':
      return !Object.hasOwn(e.properties, f.property);
    case 'eq':
      return present && t === text(v);
    case 'neq':
      return !(present && t === text(v));
    case 'in':
      return present && (Array.isArray(v) ? v : [v]).map(text).includes(t);
    case 'contains':
      return (t ?? '').toLowerCase().includes(String(v).toLowerCase());
    case 'gt':
      return num > Number(v);
    case 'gte':
      return num >= Number(v);
    case 'lt':
      return num < Number(v);
    case 'lte':
      return num <= Number(v);
  }
}

export const matchesAll = (e: TestEvent, filters: readonly RefFilter[] = []) => filters.every((f) => matches(e, f));

export function byUser(events: readonly TestEvent[]): Map<string, TestEvent[]> {
  const users = new Map<string, TestEvent[]>();
  for (const e of events) users.set(e.user_id, [...(users.get(e.user_id) ?? []), e]);
  return users;
}

/** linear interpolation between closest ranks (numpy's default percentile) */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

/** the property value as the breakdown reads it ('' when absent) */
export const propertyText = (e: TestEvent, key: string): string => text(e.properties[key]) ?? '';

/** members of a custom segment { event, from, to }: users with such an event in [from, to) */
export function usersWith(events: readonly TestEvent[], eventName: string, fromMs: number, toMs: number): Set<string> {
  return new Set(events.filter((e) => e.event_name === eventName && ms(e) >= fromMs && ms(e) < toMs).map((e) => e.user_id));
}
