// API keys of an app beyond the first two: list, create, rotate, revoke. Secrets are random, shown
// once and stored only as SHA-256 hashes (apps.ts owns the in-memory cache authentication reads).
// A read key may be granted several apps; a write key always ingests into exactly one. Rotation
// keeps the key id (audit rows and rate limits stay attached) and replaces the hash at once.

import type { AppRegistry, KeyKind } from './apps.ts';
import { hashKey, mintKey, mintSecret } from './key-secret.ts';
import { isoFromEngineTime, toEngineTime, type StoreConnection } from '../store/index.ts';

export interface KeyInfo {
  readonly keyId: string;
  readonly appId: string;
  readonly appIds: readonly string[];
  readonly kind: KeyKind;
  readonly name: string;
  readonly ratePerSecond: number;
  readonly createdAt: string;
  readonly rotatedAt: string | null;
  readonly revoked: boolean;
}

export interface NewKey {
  readonly info: KeyInfo;
  /** the secret, shown once */
  readonly secret: string;
}

export interface CreateKeySpec {
  readonly kind: KeyKind;
  /** apps a read key may read besides its owner app */
  readonly extraAppIds?: readonly string[];
  readonly name?: string;
  /** requests per second; 0 = the configured default for its kind */
  readonly ratePerSecond?: number;
}

interface KeyRow {
  key_id: string;
  app_id: string;
  app_ids: string[];
  kind: KeyKind;
  key_hash: string;
  name: string;
  rate_per_second: number;
  created_at: string;
  rotated_at: string | null;
  revoked: number;
  version: number;
}

function toInfo(r: KeyRow): KeyInfo {
  return {
    keyId: r.key_id,
    appId: r.app_id,
    appIds: r.app_ids.length > 0 ? r.app_ids : [r.app_id],
    kind: r.kind,
    name: r.name,
    ratePerSecond: r.rate_per_second,
    createdAt: isoFromEngineTime(r.created_at),
    rotatedAt: r.rotated_at === null ? null : isoFromEngineTime(r.rotated_at),
    revoked: r.revoked === 1,
  };
}

export function createKeyStore(conn: StoreConnection, apps: AppRegistry, now: () => number = Date.now) {
  // api_keys rows of one key must replace each other in order, whichever module wrote them
  const nextVersion = apps.nextVersion;

  async function write(row: KeyRow): Promise<void> {
    await conn.insertJsonEachRow('api_keys', Buffer.from(JSON.stringify(row) + '\n'));
    apps.putKey(row.key_hash, {
      keyId: row.key_id,
      appId: row.app_id,
      appIds: row.app_ids.length > 0 ? row.app_ids : [row.app_id],
      kind: row.kind,
      revoked: row.revoked === 1,
      ratePerSecond: row.rate_per_second,
    });
  }

  async function current(appId: string, keyId: string): Promise<KeyRow | undefined> {
    const rows = await conn.query<KeyRow>(
      `SELECT key_id, app_id, app_ids, kind, key_hash, name, rate_per_second, created_at, rotated_at, revoked, version
       FROM api_keys FINAL WHERE key_id = {keyId:String} AND app_id = {appId:String}`,
      { keyId, appId },
    );
    return rows[0];
  }

  return {
    /** every key of an app, including revoked ones (never their secrets or hashes) */
    async list(appId: string): Promise<KeyInfo[]> {
      const rows = await conn.query<KeyRow>(
        `SELECT key_id, app_id, app_ids, kind, key_hash, name, rate_per_second, created_at, rotated_at, revoked, version
         FROM api_keys FINAL WHERE app_id = {appId:String} ORDER BY created_at, key_id`,
        { appId },
      );
      return rows.map(toInfo);
    },

    async create(appId: string, spec: CreateKeySpec): Promise<NewKey> {
      const { keyId, secret } = mintKey(spec.kind);
      const appIds = spec.kind === 'read' ? [...new Set([appId, ...(spec.extraAppIds ?? [])])] : [appId];
      const row: KeyRow = {
        key_id: keyId,
        app_id: appId,
        app_ids: appIds,
        kind: spec.kind,
        key_hash: hashKey(secret),
        name: spec.name ?? '',
        rate_per_second: spec.ratePerSecond ?? 0,
        created_at: toEngineTime(now()),
        rotated_at: null,
        revoked: 0,
        version: nextVersion(),
      };
      await write(row);
      return { info: toInfo(row), secret };
    },

    /** a new secret for the same key id; the old secret stops working now */
    async rotate(appId: string, keyId: string): Promise<NewKey | undefined> {
      const row = await current(appId, keyId);
      if (!row || row.revoked === 1) return undefined;
      const secret = mintSecret(row.kind, keyId);
      const next: KeyRow = { ...row, key_hash: hashKey(secret), rotated_at: toEngineTime(now()), version: nextVersion() };
      await write(next);
      return { info: toInfo(next), secret };
    },

    /** the key stops working now; false when there is no such key of this app */
    async revoke(appId: string, keyId: string): Promise<KeyInfo | undefined> {
      const row = await current(appId, keyId);
      if (!row) return undefined;
      const next: KeyRow = { ...row, revoked: 1, version: nextVersion() };
      await write(next);
      return toInfo(next);
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
