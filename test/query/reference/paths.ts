// Reference paths, from the definitions in src/query/paths.ts: each start occurrence walks the
// user's (or session's) sorted events forwards or backwards.

import { matchesAll, ms, type RefFilter, type TestEvent } from './events.ts';

export interface RefPathsSpec {
  fromMs: number;
  toMs: number;
  startEvent: string;
  startFilters?: RefFilter[];
  direction: 'next' | 'previous';
  depth: number;
  sessionScoped?: boolean;
  excludeEvents?: string[];
  filters?: RefFilter[];
}

export interface RefPath {
  path: string[];
  users: number;
  events: number;
}

export function refPaths(events: readonly TestEvent[], spec: RefPathsSpec): { starts: { events: number; users: number }; depths: RefPath[][] } {
  const isStart = (e: TestEvent) => e.event_name === spec.startEvent && matchesAll(e, spec.startFilters);
  const kept = events.filter((e) => ms(e) >= spec.fromMs && ms(e) < spec.toMs && matchesAll(e, spec.filters) && (!spec.excludeEvents?.includes(e.event_name) || isStart(e)));
  const groups = new Map<string, TestEvent[]>();
  for (const e of kept) {
    const key = spec.sessionScoped ? JSON.stringify([e.user_id, e.session_id ?? '']) : e.user_id;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const found: Array<{ user: string; path: string[] }> = [];
  for (const evs of groups.values()) {
    const sorted = [...evs].sort((a, b) => ms(a) - ms(b) || (a.event_name < b.event_name ? -1 : a.event_name > b.event_name ? 1 : 0) || Number(isStart(b)) - Number(isStart(a)));
    sorted.forEach((e, i) => {
      if (!isStart(e)) return;
      const names = sorted.map((x) => x.event_name);
      const path = spec.direction === 'next' ? names.slice(i + 1, i + 1 + spec.depth) : names.slice(Math.max(0, i - spec.depth), i).reverse();
      found.push({ user: e.user_id, path });
    });
  }
  const depths: RefPath[][] = [];
  for (let d = 1; d <= spec.depth; d++) {
    const byPrefix = new Map<string, { path: string[]; users: Set<string>; events: number }>();
    for (const f of found) {
      if (f.path.length < d) continue;
      const prefix = f.path.slice(0, d);
      const key = JSON.stringify(prefix);
      const entry = byPrefix.get(key) ?? { path: prefix, users: new Set<string>(), events: 0 };
      entry.users.add(f.user);
      entry.events++;
      byPrefix.set(key, entry);
    }
    depths.push([...byPrefix.values()].map((x) => ({ path: x.path, users: x.users.size, events: x.events })));
  }
  return { starts: { events: found.length, users: new Set(found.map((f) => f.user)).size }, depths };
}

/** the engine's order: most events first, then the sequence itself (arrays compare element-wise) */
export function rankPaths(paths: readonly RefPath[], limit: number): RefPath[] {
  const cmp = (a: string[], b: string[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length;
  };
  return [...paths].sort((a, b) => b.events - a.events || cmp(a.path, b.path)).slice(0, limit);
}
