// Opening the store: the configured transport (chDB on `<dataDir>/clickhouse`, or a ClickHouse
// server URL), and the same as this process's own — the one entry point of `serve`, `worker` and
// every command that touches the store, so none of them can forget the data-directory lock.

import path from 'node:path';
import type { StoreConnection } from './connection.ts';
import { createEmbeddedConnection, type EmbeddedOptions } from './embedded.ts';
import { lockDataDir } from './lock.ts';
import { createServerConnection } from './server.ts';

export type StoreTarget = { readonly kind: 'embedded' } | { readonly kind: 'server'; readonly url: string };

/** Opens the configured transport: chDB on `<dataDir>/clickhouse`, or a ClickHouse server URL. */
export function openStore(target: StoreTarget, dataDir: string, options: EmbeddedOptions = {}): StoreConnection {
  return target.kind === 'embedded'
    ? createEmbeddedConnection(path.join(dataDir, 'clickhouse'), options)
    : createServerConnection({ url: target.url, defaultQueryTimeoutMs: options.defaultQueryTimeoutMs });
}

/**
 * Opens the store for this process alone: an embedded data directory is locked first (refused
 * while another live process owns it) and released when the connection closes — or by the kernel
 * when the process dies. A server store needs no lock: the server arbitrates its writers.
 */
export async function openOwnedStore(target: StoreTarget, dataDir: string, options: EmbeddedOptions = {}): Promise<StoreConnection> {
  if (target.kind !== 'embedded') return openStore(target, dataDir, options);
  const lock = await lockDataDir(dataDir);
  let conn: StoreConnection;
  try {
    conn = openStore(target, dataDir, options);
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    ...conn,
    async close() {
      try {
        await conn.close();
      } finally {
        lock.release();
      }
    },
  };
}
