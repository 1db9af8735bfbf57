// People: the profile store and the ingest cache in front of it, composed — identify validates,
// writes a version and invalidates the user's cache entry (so this process's next event of the
// user sees the new traits), the profile read, and the links between a person's ids
// (person-links.ts).

import { TallyError } from '../errors.ts';
import { parseWireTimestamp } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { createProfileCache, type ProfileCacheOptions } from './profile-cache.ts';
import { createPersonLinks } from './person-links.ts';
import { createProfileStore } from './profile-store.ts';
import { DEFAULT_TRAIT_LIMITS, traitsProblem, type TraitLimits } from './traits.ts';

export interface PeopleOptions {
  readonly store: StoreConnection;
  readonly cache?: Omit<ProfileCacheOptions, 'profiles'>;
  readonly limits?: TraitLimits;
  readonly now?: () => number;
}

const DAY_MS = 86_400_000;

export function createPeople(options: PeopleOptions) {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? DEFAULT_TRAIT_LIMITS;
  const profiles = createProfileStore(options.store);
  const cache = createProfileCache({ ...options.cache, profiles });
  const links = createPersonLinks(options.store, now);

  return {
    profiles,
    /** the ids of one person: identify/alias links, resolution, every id of a person */
    links,
    /** the ingest pipeline's source of profiles */
    cache,
    /** one identify: traits set at `timestamp` (default now); resolves once stored */
    async identify(appId: string, userId: string, traits: unknown, timestamp?: string | number): Promise<{ setAtMs: number }> {
      const problem = traitsProblem(traits, limits);
      if (problem) throw new TallyError('TALLY_ERR_PROFILE_INVALID_TRAITS', [problem]);
      const receivedAtMs = now();
      const setAtMs = timestamp === undefined ? receivedAtMs : parseWireTimestamp(timestamp);
      if (setAtMs === undefined || setAtMs < 0 || setAtMs > receivedAtMs + DAY_MS) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['timestamp must be an ISO 8601 time or epoch milliseconds, at most a day ahead']);
      await profiles.identify(appId, userId, traits as Record<string, unknown>, setAtMs, receivedAtMs);
      cache.invalidate(appId, userId);
      return { setAtMs };
    },
    /**
     * One version from `set` and the traits of `setOnce` the user has never had (PostHog's $set and
     * $set_once), at `timestamp`: one write, so the two never replace each other; resolves once stored.
     */
    async update(appId: string, userId: string, set: Record<string, unknown>, setOnce: Record<string, unknown>, timestamp?: string | number): Promise<{ setAtMs: number } | undefined> {
      let fresh: Record<string, unknown> = {};
      if (Object.keys(setOnce).length > 0) {
        const current = await profiles.get(appId, userId);
        const had = new Set(current?.versions.flatMap((v) => Object.keys(v.traits)) ?? []);
        fresh = Object.fromEntries(Object.entries(setOnce).filter(([k]) => !had.has(k)));
      }
      const traits = { ...fresh, ...set };
      return Object.keys(traits).length === 0 ? undefined : this.identify(appId, userId, traits, timestamp);
    },
  };
}

export type People = ReturnType<typeof createPeople>;
