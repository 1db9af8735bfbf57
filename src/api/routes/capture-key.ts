// The protocol's key as the request's credential: Segment sends the write key as the Basic auth
// user name (or `writeKey` in the body), PostHog as `api_key` / `token` in the body. A hook of the
// capture route groups (encapsulated: no other route sees it) turns it into the bearer credential
// the one authenticator checks (src/api/auth.ts), before route-access.ts authenticates the caller
// — so the capture routes declare `access: 'write'` like every ingest route and check nothing
// themselves. A bearer key sent as such is used as it is. The app is always the write key's: the
// protocols name none.

import type { FastifyRequest } from 'fastify';
import { TallyError } from '../../errors.ts';
import type { Caller } from '../auth.ts';

/** the user name of a Basic credential, or undefined */
export function basicUser(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]{1,2048})\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === '' ? undefined : user;
}

/** makes `key` (when found) the request's bearer credential; refuses the request when there is none */
export function useProtocolKey(req: FastifyRequest, key: string | undefined, how: string): void {
  const header = req.headers.authorization;
  if (header && /^Bearer\s/i.test(header)) return;
  if (key === undefined || key === '' || key.length > 512 || /\s/.test(key)) throw new TallyError('TALLY_ERR_CAPTURE_NO_KEY', [how]);
  req.headers.authorization = `Bearer ${key}`;
}

/** the app a capture call lands in: the write key's (the protocols name no app, so the admin token cannot capture) */
export function writeAppOf(caller: Caller): string {
  if (caller.kind !== 'write') throw new TallyError('TALLY_ERR_CAPTURE_NO_KEY', ["an app's write key (the protocol names no app)"]);
  return caller.appId;
}
