// Learner tokens (seed 002's `current_user` reading their own dashboard): an app's backend mints,
// with its read key, a short-lived bearer token for one user of one app; the token reads only that
// user's /v1/learning/users/{user_id}/… routes (enforced in src/api/route-access.ts).
// Form: `tlt1.<payload>.<signature>`, both base64url; the payload is JSON { a: app, u: user,
// e: expiry (epoch seconds), k: the minting key's id }; the signature is HMAC-SHA256 over
// `tlt1.<payload>` with a key derived from the install secret (src/privacy/install-secret.ts), so
// every node sharing the secret accepts the token and nothing is stored. A token cannot be revoked
// before it expires: keep the TTL short (at most MAX_TTL_SECONDS).

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const LEARNER_TOKEN_PREFIX = 'tlt1.';
export const DEFAULT_TTL_SECONDS = 900;
export const MAX_TTL_SECONDS = 3600;

export interface LearnerGrant {
  readonly appId: string;
  readonly userId: string;
  /** epoch ms */
  readonly expiresAtMs: number;
  /** the key (or 'admin') that minted it */
  readonly mintedBy: string;
  /** a stable id for rate limits and the audit trail: learner:<hash of app and user> */
  readonly keyId: string;
}

export interface LearnerTokens {
  mint(appId: string, userId: string, ttlSeconds: number, mintedBy: string): { token: string; expiresAtMs: number };
  /** the grant of a valid, unexpired token; undefined for anything else */
  verify(token: string): LearnerGrant | undefined;
}

export function isLearnerToken(token: string): boolean {
  return token.startsWith(LEARNER_TOKEN_PREFIX);
}

export function learnerKeyId(appId: string, userId: string): string {
  return `learner:${createHash('sha256').update(`${appId}\u0000${userId}`).digest('hex').slice(0, 24)}`;
}

export function createLearnerTokens(installSecret: string, now: () => number = Date.now): LearnerTokens {
  // a key of its own: the install secret also keys session-id and erasure hashes
  const key = createHmac('sha256', installSecret).update('tally learner token v1').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest();

  return {
    mint(appId, userId, ttlSeconds, mintedBy) {
      const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), MAX_TTL_SECONDS);
      const expSeconds = Math.floor(now() / 1000) + ttl;
      const payload = Buffer.from(JSON.stringify({ a: appId, u: userId, e: expSeconds, k: mintedBy })).toString('base64url');
      const body = `${LEARNER_TOKEN_PREFIX}${payload}`;
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresAtMs: expSeconds * 1000 };
    },
    verify(token) {
      if (!isLearnerToken(token)) return undefined;
      const dot = token.lastIndexOf('.');
      if (dot <= LEARNER_TOKEN_PREFIX.length) return undefined;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const want = sign(body);
      if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(body.slice(LEARNER_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (typeof claims !== 'object' || claims === null) return undefined;
      const { a, u, e, k } = claims as Record<string, unknown>;
      if (typeof a !== 'string' || typeof u !== 'string' || typeof e !== 'number' || typeof k !== 'string') return undefined;
      const expiresAtMs = e * 1000;
      if (!(now() < expiresAtMs)) return undefined;
      return { appId: a, userId: u, expiresAtMs, mintedBy: k, keyId: learnerKeyId(a, u) };
    },
  };
}
