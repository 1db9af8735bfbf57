// How API keys are minted and recognised: a random key id, a secret `tly_w_<id>_<random>` (write)
// or `tly_r_<id>_<random>` (read) shown once, and its SHA-256 hash, which is all the store keeps.
// Rotation mints a new secret for the same key id.

import { createHash, randomBytes } from 'node:crypto';

export type KeyKind = 'write' | 'read';

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** a new secret for `keyId` (at creation and at rotation) */
export function mintSecret(kind: KeyKind, keyId: string): string {
  return `${kind === 'write' ? 'tly_w' : 'tly_r'}_${keyId}_${randomBytes(24).toString('base64url')}`;
}

/** a new key: its id and its secret */
export function mintKey(kind: KeyKind): { keyId: string; secret: string } {
  const keyId = randomBytes(6).toString('hex');
  return { keyId, secret: mintSecret(kind, keyId) };
}
