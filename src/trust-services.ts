// The trust part of the composition root (service.ts calls this once at start): the per-install
// secret, privacy scrubbing, retention rules, the ingest write gate, keys and rate limits, the raw
// SQL runner, the audit log and the GDPR erasure service. Closed after the HTTP server and the
// batcher, so every audited request is written and every started erasure finishes.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config/index.ts';
import type { AuthOptions, TrustServices } from './api/index.ts';
import { createRateLimiter } from './api/index.ts';
import { createScrubber, type Scrubber } from './event/index.ts';
import type { Logger } from './observability/index.ts';
import { createRawQueryRunner, loadSqlPolicy } from './query/raw/index.ts';
import { createKeyStore, type AppRegistry } from './access/index.ts';
import { applyRetention, createAuditLog, createErasureService } from './privacy/index.ts';
import { createWriteGate, type StoreConnection } from './store/index.ts';

export interface Trust {
  readonly services: TrustServices;
  readonly scrubber: Scrubber;
  readonly authOptions: AuthOptions;
  /** the store the batcher inserts through: held while an erasure runs */
  readonly ingestStore: StoreConnection;
  close(): Promise<void>;
}

export interface TrustOptions {
  readonly config: Config;
  readonly store: StoreConnection;
  readonly apps: AppRegistry;
  readonly logger: Logger;
  /** flushes the ingest queue (the batcher's drain), called before an erasure */
  readonly drainIngest: () => Promise<void>;
}

/** TALLY_SESSION_SECRET, or the secret stored under the data dir, or a new one (stored 0600). */
export function resolveInstallSecret(config: Config): string {
  if (config.privacy.sessionSecret) return config.privacy.sessionSecret;
  const file = path.join(config.dataDir, 'install.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export async function createTrust(options: TrustOptions): Promise<Trust> {
  const { config, store, apps, logger } = options;
  const secret = resolveInstallSecret(config);
  const p = config.privacy;
  const scrubber = createScrubber({
    emails: p.scrubEmails,
    phones: p.scrubPhones,
    cards: p.scrubCards,
    denyKeys: p.scrubKeys,
    sessionSecret: p.hashSessionIds ? secret : undefined,
  });

  const changed = await applyRetention(store, config.retention);
  if (changed.length > 0) logger.info({ tables: changed }, 'retention rules applied');

  const gate = createWriteGate();
  const rateLimiter = createRateLimiter();
  const r = config.rateLimits;
  const authOptions: AuthOptions = {
    rateLimiter,
    limits: { write: { ratePerSecond: r.writePerSecond, burst: r.writeBurst }, read: { ratePerSecond: r.readPerSecond, burst: r.readBurst } },
  };
  const policy = await loadSqlPolicy(store);
  const audit = createAuditLog(store, { onError: (err, dropped) => logger.error({ err, dropped }, 'audit rows could not be written; retrying') });
  const erasures = createErasureService({
    conn: store,
    gate,
    secret,
    dropKeys: p.scrubKeys,
    beforeWork: options.drainIngest,
    onError: (err, erasureId) => logger.error({ err, erasureId }, 'erasure failed'),
  });

  const rawQuery = createRawQueryRunner(store, policy, config.rawQuery);
  const services: TrustServices = {
    keys: createKeyStore(store, apps),
    rateLimiter,
    rawQuery,
    erasures,
    audit,
  };
  return {
    services,
    scrubber,
    authOptions,
    ingestStore: gate.wrap(store.lane('ingest')),
    async close() {
      await erasures.close();
      await audit.close();
      await rawQuery.close();
    },
  };
}
