// The per-app profile store in the engine (`person_profiles`, migration 0056): identify writes one
// version (the traits it set, at its time); reads merge versions into the traits at a moment. The
// store knows nothing of caches: profile-cache.ts sits in front of it for ingest.

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { factVersion, mergeTraits, type FactVersion, type TraitVersion } from './traits.ts';

export const PROFILE_TABLE = 'person_profiles';
/** most versions one profile read returns (the latest ones) */
export const MAX_PROFILE_VERSIONS = 1000;

export interface Profile {
  readonly app_id: string;
  readonly user_id: string;
  /** the traits now: every version merged in time order */
  readonly traits: Record<string, unknown>;
  readonly first_set_at: string;
  readonly last_set_at: string;
  /** the versions, oldest first (the latest MAX_PROFILE_VERSIONS) */
  readonly versions: ReadonlyArray<{ readonly set_at: string; readonly traits: Record<string, unknown> }>;
}

function parseTraits(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function createProfileStore(conn: StoreConnection) {
  return {
    /** writes one version; resolves once the engine committed it */
    async identify(appId: string, userId: string, traits: Record<string, unknown>, setAtMs: number, receivedAtMs: number): Promise<void> {
      const row = JSON.stringify({ app_id: appId, user_id: userId, set_at: toEngineTime(setAtMs), traits: JSON.stringify(traits), received_at: toEngineTime(receivedAtMs) });
      await conn.insertJsonEachRow(PROFILE_TABLE, Buffer.from(row + '\n'));
    },

    /** the versions of one profile, oldest first (the same set_at twice: the later receipt) */
    async versions(appId: string, userId: string): Promise<TraitVersion[]> {
      const rows = await conn.query<{ at_ms: number; traits: string }>(
        `SELECT at_ms, traits FROM (
           SELECT toUnixTimestamp64Milli(set_at) AS at_ms, argMax(traits, received_at) AS traits
           FROM ${PROFILE_TABLE} WHERE app_id = {app:String} AND user_id = {user:String}
           GROUP BY set_at ORDER BY set_at DESC LIMIT {limit:UInt32}
         ) ORDER BY at_ms`,
        { app: appId, user: userId, limit: MAX_PROFILE_VERSIONS },
      );
      return rows.map((r) => ({ atMs: Number(r.at_ms), traits: parseTraits(r.traits) }));
    },

    /** one profile with its merged traits, or undefined when the user was never identified */
    async get(appId: string, userId: string): Promise<Profile | undefined> {
      const versions = await this.versions(appId, userId);
      if (versions.length === 0) return undefined;
      const iso = (ms: number) => new Date(ms).toISOString();
      return {
        app_id: appId,
        user_id: userId,
        traits: mergeTraits(versions),
        first_set_at: iso(versions[0].atMs),
        last_set_at: iso(versions[versions.length - 1].atMs),
        versions: versions.map((v) => ({ set_at: iso(v.atMs), traits: v.traits })),
      };
    },

    /** the apps with at least one profile */
    async appsWithProfiles(): Promise<string[]> {
      const rows = await conn.query<{ app_id: string }>(`SELECT app_id FROM ${PROFILE_TABLE} GROUP BY app_id`);
      return rows.map((r) => r.app_id);
    },

    /** the role/created_at changes of many users of one app, oldest first, for the ingest cache (one query) */
    async factTimelines(appId: string, userIds: readonly string[]): Promise<Map<string, FactVersion[]>> {
      const rows = await conn.query<{ user_id: string; at_ms: number; traits: string }>(
        `SELECT user_id, toUnixTimestamp64Milli(set_at) AS at_ms, argMax(traits, received_at) AS traits
         FROM ${PROFILE_TABLE} WHERE app_id = {app:String} AND user_id IN {users:Array(String)}
         GROUP BY user_id, set_at ORDER BY user_id, set_at`,
        { app: appId, users: [...userIds] },
      );
      const out = new Map<string, FactVersion[]>();
      for (const r of rows) {
        const list = out.get(r.user_id) ?? [];
        list.push(factVersion(Number(r.at_ms), parseTraits(r.traits)));
        out.set(r.user_id, list);
      }
      return out;
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
