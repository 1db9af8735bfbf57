// Apps and their API keys. Keys are random, shown once, and stored only as SHA-256 hashes; the
// whole key table is small and cached in memory so authentication never queries the engine.

import { createVersionClock, toEngineTime, type StoreConnection } from '../store/index.ts';
import { hashKey, mintKey, type KeyKind } from './key-secret.ts';

export type { KeyKind } from './key-secret.ts';

export interface ApiKeyRecord {
  readonly keyId: string;
  /** the app the key was made under (its owner) */
  readonly appId: string;
  /** every app the key may act on: its owner, plus more for read keys granted several apps */
  readonly appIds: readonly string[];
  readonly kind: KeyKind;
  readonly revoked: boolean;
  /** requests per second for this key; 0 = the configured default (see keys.ts) */
  readonly ratePerSecond?: number;
}

export interface CreatedApp {
  readonly appId: string;
  readonly writeKey: string;
  readonly readKey: string;
}

export function createAppRegistry(conn: StoreConnection, now: () => number = Date.now) {
  const nextVersion = createVersionClock(now);
  const apps = new Set<string>();
  const keysByHash = new Map<string, ApiKeyRecord>();

  async function insertKey(appId: string, kind: KeyKind): Promise<string> {
    const { keyId, secret } = mintKey(kind);
    const hash = hashKey(secret);
    const row = { key_id: keyId, app_id: appId, kind, key_hash: hash, created_at: toEngineTime(now()), revoked: 0, version: nextVersion() };
    await conn.insertJsonEachRow('api_keys', Buffer.from(JSON.stringify(row) + '\n'));
    keysByHash.set(hash, { keyId, appId, appIds: [appId], kind, revoked: false });
    return secret;
  }

  return {
    async load(): Promise<void> {
      const appRows = await conn.query<{ app_id: string }>('SELECT app_id FROM apps FINAL');
      apps.clear();
      for (const r of appRows) apps.add(r.app_id);
      const keyRows = await conn.query<{ key_id: string; app_id: string; app_ids: string[]; kind: KeyKind; key_hash: string; revoked: number; rate_per_second: number }>(
        'SELECT key_id, app_id, app_ids, kind, key_hash, revoked, rate_per_second FROM api_keys FINAL',
      );
      keysByHash.clear();
      for (const r of keyRows) {
        const appIds = r.app_ids.length > 0 ? r.app_ids : [r.app_id];
        keysByHash.set(r.key_hash, { keyId: r.key_id, appId: r.app_id, appIds, kind: r.kind, revoked: r.revoked === 1, ratePerSecond: r.rate_per_second });
      }
    },

    has(appId: string): boolean {
      return apps.has(appId);
    },

    list(): string[] {
      return [...apps].sort();
    },

    async create(appId: string): Promise<CreatedApp> {
      await conn.insertJsonEachRow('apps', Buffer.from(JSON.stringify({ app_id: appId, created_at: toEngineTime(now()), version: nextVersion() }) + '\n'));
      apps.add(appId);
      const writeKey = await insertKey(appId, 'write');
      const readKey = await insertKey(appId, 'read');
      return { appId, writeKey, readKey };
    },

    /** the version of the next apps / api_keys row (one clock for both writers of api_keys) */
    nextVersion,

    /** caches a key written by the key store (keys.ts); a new hash of the same key id replaces the old */
    putKey(hash: string, record: ApiKeyRecord): void {
      for (const [h, r] of keysByHash) if (r.keyId === record.keyId) keysByHash.delete(h);
      keysByHash.set(hash, record);
    },

    /** the key's record, or undefined for unknown and revoked keys */
    authenticate(secret: string): ApiKeyRecord | undefined {
      const record = keysByHash.get(hashKey(secret));
      return record && !record.revoked ? record : undefined;
    },
  };
}

export type AppRegistry = ReturnType<typeof createAppRegistry>;
