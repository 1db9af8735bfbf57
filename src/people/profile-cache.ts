// The profiles ingest enriches events with, in memory: per (app, user) the role/created_at
// changes of their profile (or the fact that there is none), bounded in entries (least recently
// used leave first) and in age (an entry older than ttlMs is loaded again, so an identify handled
// by another process shows within ttlMs). An identify in this process invalidates its user at
// once, including against a load that was in flight when it happened. A batch's misses are loaded
// with one query per app; the pipeline never waits for the store per event. An app without any
// profile costs no query at all, and once that is known no lookup per event either (lacksProfiles):
// which apps have profiles is itself cached (reloaded after ttlMs, and an identify adds its app at once).

import type { PersonFacts, PersonSnapshot, PersonSource } from '../ingest/index.ts';
import type { ProfileStore } from './profile-store.ts';
import { LRUCache } from 'lru-cache';
import { factsAt, type FactVersion } from './traits.ts';

export interface ProfileCacheOptions {
  readonly profiles: Pick<ProfileStore, 'factTimelines'> & Partial<Pick<ProfileStore, 'appsWithProfiles'>>;
  /** most users kept (default 100000) */
  readonly maxEntries?: number;
  /** an entry is reloaded after this long (default 60000 ms) */
  readonly ttlMs?: number;
  /** most background loads queued at once; more misses wait for a later event (default 10000) */
  readonly maxPendingLoads?: number;
  readonly now?: () => number;
  readonly onError?: (err: unknown) => void;
}

interface Entry {
  readonly versions: readonly FactVersion[];
  readonly loadedAtMs: number;
}

/** users per query */
const LOAD_CHUNK = 1000;
const EMPTY: readonly FactVersion[] = Object.freeze([]);

const keyOf = (appId: string, userId: string) => `${appId}\u0000${userId}`;

function snapshotOf(found: ReadonlyMap<string, readonly FactVersion[]>): PersonSnapshot {
  return {
    at(appId, userId, tsMs) {
      const versions = found.get(keyOf(appId, userId));
      return versions === undefined ? undefined : factsAt(versions, tsMs);
    },
  };
}

export function createProfileCache(options: ProfileCacheOptions) {
  const maxEntries = options.maxEntries ?? 100_000;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxPending = options.maxPendingLoads ?? 10_000;
  const now = options.now ?? Date.now;
  // least recently used leave first (a Map re-ordered on every hit and trimmed from its head costs
  // time proportional to the entries deleted before it, which ingest of many new users made dominant)
  const entries = new LRUCache<string, Entry>({ max: maxEntries });
  /** invalidations by key, numbered, while loads are in flight: a load started before one must not store its stale answer */
  let invalidations = 0;
  const invalidatedAt = new Map<string, number>();
  let loadsInFlight = 0;
  const pending = new Set<string>();
  const stats = { hits: 0, misses: 0, loads: 0 };
  /** the apps that have profiles, when the store can tell */
  let appsKnown: { readonly apps: Set<string>; readonly loadedAtMs: number } | undefined;
  let appsLoading: Promise<Set<string>> | undefined;
  /** apps identify added, by time: kept across a reload of the list that started before them */
  const appsAdded = new Map<string, number>();

  async function appsWithProfiles(): Promise<Set<string> | undefined> {
    const list = options.profiles.appsWithProfiles;
    if (!list) return undefined;
    if (appsKnown && now() - appsKnown.loadedAtMs <= ttlMs) return appsKnown.apps;
    if (!appsLoading) {
      const loadedAtMs = now();
      appsLoading = list()
        .then((apps) => {
          const set = new Set(apps);
          for (const [app, atMs] of appsAdded) {
            if (atMs >= loadedAtMs) set.add(app);
            else appsAdded.delete(app);
          }
          appsKnown = { apps: set, loadedAtMs };
          return set;
        })
        .finally(() => (appsLoading = undefined));
    }
    return appsLoading;
  }

  function fresh(key: string): Entry | undefined {
    const e = entries.get(key);
    if (!e) return undefined;
    if (now() - e.loadedAtMs > ttlMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  }

  function store(key: string, versions: readonly FactVersion[], loadedAtMs: number) {
    entries.set(key, { versions, loadedAtMs });
  }

  async function load(keys: ReadonlyArray<readonly [string, string]>): Promise<PersonSnapshot> {
    const found = new Map<string, readonly FactVersion[]>();
    const missing = new Map<string, string[]>();
    for (const [appId, userId] of keys) {
      const key = keyOf(appId, userId);
      const e = fresh(key);
      if (e) {
        stats.hits++;
        found.set(key, e.versions);
        continue;
      }
      stats.misses++;
      const users = missing.get(appId) ?? [];
      users.push(userId);
      missing.set(appId, users);
    }
    if (missing.size === 0) return snapshotOf(found);
    const startedAt = invalidations;
    const loadedAtMs = now();
    const withProfiles = await appsWithProfiles();
    if (withProfiles) {
      for (const [appId, users] of missing) {
        if (withProfiles.has(appId)) continue;
        for (const userId of users) {
          const key = keyOf(appId, userId);
          found.set(key, EMPTY);
          if ((invalidatedAt.get(key) ?? -1) < startedAt) store(key, EMPTY, loadedAtMs);
        }
        missing.delete(appId);
      }
    }
    loadsInFlight++;
    try {
      for (const [appId, users] of missing) {
        for (let i = 0; i < users.length; i += LOAD_CHUNK) {
          const chunk = users.slice(i, i + LOAD_CHUNK);
          stats.loads++;
          const timelines = await options.profiles.factTimelines(appId, chunk);
          for (const userId of chunk) {
            const key = keyOf(appId, userId);
            const versions = timelines.get(userId) ?? EMPTY;
            found.set(key, versions);
            if ((invalidatedAt.get(key) ?? -1) < startedAt) store(key, versions, loadedAtMs);
          }
        }
      }
    } finally {
      loadsInFlight--;
      if (loadsInFlight === 0) invalidatedAt.clear();
    }
    return snapshotOf(found);
  }

  const source: PersonSource & {
    lacksProfiles(appId: string): boolean;
    /** forget one user (after identify, erasure) */
    invalidate(appId: string, userId: string): void;
    /** forget everything (tests, a bulk import of profiles) */
    clear(): void;
    readonly size: number;
    readonly stats: Readonly<typeof stats>;
  } = {
    at(appId: string, userId: string, tsMs: number): PersonFacts | null | undefined {
      const e = fresh(keyOf(appId, userId));
      if (!e) return undefined;
      stats.hits++;
      return factsAt(e.versions, tsMs);
    },
    load,
    lacksProfiles(appId: string): boolean {
      return appsKnown !== undefined && now() - appsKnown.loadedAtMs <= ttlMs && !appsKnown.apps.has(appId);
    },
    loadInBackground(appId: string, userId: string) {
      const key = keyOf(appId, userId);
      if (pending.has(key) || pending.size >= maxPending) return;
      pending.add(key);
      load([[appId, userId]])
        .catch((err: unknown) => options.onError?.(err))
        .finally(() => pending.delete(key));
    },
    invalidate(appId: string, userId: string) {
      const key = keyOf(appId, userId);
      entries.delete(key);
      // the app has a profile now (identify); an erasure leaving it without one costs a query per miss until the list reloads
      appsAdded.set(appId, now());
      if (appsKnown && !appsKnown.apps.has(appId)) appsKnown = { apps: new Set([...appsKnown.apps, appId]), loadedAtMs: appsKnown.loadedAtMs };
      invalidations++;
      if (loadsInFlight > 0) invalidatedAt.set(key, invalidations);
    },
    clear() {
      entries.clear();
      appsKnown = undefined;
      invalidations++;
    },
    get size() {
      return entries.size;
    },
    stats,
  };
  return source;
}

export type ProfileCache = ReturnType<typeof createProfileCache>;
