// Who is calling: the admin token, a write key (ingests into one app) or a read key (reads one
// app). Keys are checked against hashes cached in memory; tokens are compared in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppRegistry } from '../store/index.ts';
import { TallyError } from '../errors.ts';

export type Caller =
  | { readonly kind: 'admin' }
  | { readonly kind: 'write'; readonly appId: string; readonly keyId: string }
  | { readonly kind: 'read'; readonly appId: string; readonly keyId: string };

export interface Authenticator {
  caller(req: FastifyRequest): Caller;
  requireAdmin(req: FastifyRequest): void;
  /** the app a write caller may ingest into; undefined = any (admin) */
  requireWrite(req: FastifyRequest): string | undefined;
  /** checks that the caller may read `appId` */
  requireRead(req: FastifyRequest, appId: string): Caller;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createAuthenticator(apps: AppRegistry, adminToken: string): Authenticator {
  const adminHash = sha256(adminToken);

  function caller(req: FastifyRequest): Caller {
    const header = req.headers.authorization;
    if (!header) throw new TallyError('TALLY_ERR_AUTH_MISSING');
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (!match) throw new TallyError('TALLY_ERR_AUTH_MISSING');
    const token = match[1];
    if (timingSafeEqual(sha256(token), adminHash)) return { kind: 'admin' };
    const key = apps.authenticate(token);
    if (!key) throw new TallyError('TALLY_ERR_AUTH_INVALID');
    return { kind: key.kind, appId: key.appId, keyId: key.keyId };
  }

  return {
    caller,
    requireAdmin(req) {
      if (caller(req).kind !== 'admin') throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', ['perform admin operations']);
    },
    requireWrite(req) {
      const c = caller(req);
      if (c.kind === 'admin') return undefined;
      if (c.kind !== 'write') throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', ['ingest events (use a write key)']);
      return c.appId;
    },
    requireRead(req, appId) {
      const c = caller(req);
      if (c.kind === 'admin') return c;
      if (c.kind !== 'read' || c.appId !== appId) throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', [`read app ${appId}`]);
      return c;
    },
  };
}
