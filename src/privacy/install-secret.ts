// The per-install secret: the key of session-id hashes and of erasure subject hashes. Taken from
// TALLY_SESSION_SECRET, else read from the data dir, else made once and stored there (0600). Every
// node writing one store must share it, or the same session hashes differently on each.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.ts';

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
