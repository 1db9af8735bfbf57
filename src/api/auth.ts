// Who is calling: the admin token, a write key (ingests into one app), a read key (reads one
// or more apps) or a learner token (reads one user's learner views of one app; src/learning/
// learner-token.ts); what each kind may do is declared per route and enforced in route-access.ts.
// Keys are checked against hashes cached in memory; tokens are compared in constant time. The
// caller is resolved once per request (cached), and that is when a key's rate limit is charged:
// one token per request, refused with 429 and Retry-After when its bucket is empty.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppRegistry, RateLimiter } from '../access/index.ts';
import { TallyError } from '../errors.ts';
import { isLearnerToken, type LearnerTokens } from '../learning/index.ts';

export type Caller =
  | { readonly kind: 'admin' }
  | { readonly kind: 'write'; readonly appId: string; readonly appIds: readonly string[]; readonly keyId: string }
  | { readonly kind: 'read'; readonly appId: string; readonly appIds: readonly string[]; readonly keyId: string }
  /** a learner token: reads only `userId`'s learner routes of `appId` */
  | { readonly kind: 'learner'; readonly appId: string; readonly appIds: readonly string[]; readonly keyId: string; readonly userId: string };

/** may this caller act on `appId` at all (admin: any app; a key: the apps it was granted) */
export function mayAccessApp(caller: Caller, appId: string): boolean {
  return caller.kind === 'admin' || caller.appIds.includes(appId);
}

export interface AuthOptions {
  readonly rateLimiter?: RateLimiter;
  /** default limits per key kind; a key's own rate (ratePerSecond > 0) wins */
  readonly limits?: { readonly write: { ratePerSecond: number; burst: number }; readonly read: { ratePerSecond: number; burst: number } };
  /** verifies (and mints) learner tokens; without it a learner token is an invalid key */
  readonly learnerTokens?: LearnerTokens;
}

export interface Authenticator {
  caller(req: FastifyRequest): Caller;
  /** the caller if this request was already authenticated, without charging or throwing */
  peek(req: FastifyRequest): Caller | undefined;
  /** mints learner tokens (POST /v1/learning/tokens); undefined when not configured */
  readonly learnerTokens: LearnerTokens | undefined;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createAuthenticator(apps: AppRegistry, adminToken: string, options: AuthOptions = {}): Authenticator {
  const adminHash = sha256(adminToken);
  const resolved = new WeakMap<FastifyRequest, Caller>();
  const { rateLimiter, limits, learnerTokens } = options;

  function charge(keyId: string, limit: { ratePerSecond: number; burst: number }): void {
    if (!rateLimiter) return;
    const taken = rateLimiter.take(keyId, limit);
    if (!taken.ok) throw new TallyError('TALLY_ERR_RATE_LIMITED', [taken.retryAfterSeconds], { retryAfterSeconds: taken.retryAfterSeconds });
  }

  function resolve(req: FastifyRequest): Caller {
    const header = req.headers.authorization;
    if (!header) throw new TallyError('TALLY_ERR_AUTH_MISSING');
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (!match) throw new TallyError('TALLY_ERR_AUTH_MISSING');
    const token = match[1];
    if (timingSafeEqual(sha256(token), adminHash)) return { kind: 'admin' };
    if (learnerTokens && isLearnerToken(token)) {
      const grant = learnerTokens.verify(token);
      if (!grant) throw new TallyError('TALLY_ERR_LEARNER_TOKEN_INVALID');
      if (limits) charge(grant.keyId, limits.read);
      return { kind: 'learner', appId: grant.appId, appIds: [grant.appId], keyId: grant.keyId, userId: grant.userId };
    }
    const key = apps.authenticate(token);
    if (!key) throw new TallyError('TALLY_ERR_AUTH_INVALID');
    if (rateLimiter && limits) {
      const base = limits[key.kind];
      const own = key.ratePerSecond ?? 0;
      const limit = own > 0 ? { ratePerSecond: own, burst: Math.max(own * 2, 1) } : base;
      charge(key.keyId, limit);
    }
    return { kind: key.kind, appId: key.appId, appIds: key.appIds, keyId: key.keyId };
  }

  function caller(req: FastifyRequest): Caller {
    const known = resolved.get(req);
    if (known) return known;
    const c = resolve(req);
    resolved.set(req, c);
    return c;
  }

  return {
    caller,
    peek: (req) => resolved.get(req),
    learnerTokens,
  };
}
