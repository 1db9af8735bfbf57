// Per-app access for the tracking-plan routes: the admin token may do anything; an app key may act
// on its own app only, and only with the kinds a route allows (e.g. schemas: read keys — server-side secrets — register and read;
// write keys, which ship in public clients, only read them). A key of one app never reaches another app's schemas or quarantine.

import type { FastifyRequest } from 'fastify';
import { TallyError } from '../errors.ts';
import { mayAccessApp, type Authenticator, type Caller } from './auth.ts';

export function requireAppKey(auth: Authenticator, req: FastifyRequest, appId: string, kinds: ReadonlyArray<'read' | 'write'>, action: string): Caller {
  const caller = auth.caller(req);
  if (caller.kind === 'admin') return caller;
  // a write key acts on its one app (as at ingest); a read key on any app it was granted
  const granted = caller.kind === 'write' ? caller.appId === appId : mayAccessApp(caller, appId);
  if (!kinds.includes(caller.kind) || !granted) throw new TallyError('TALLY_ERR_AUTH_FORBIDDEN', [`${action} of app ${appId}`]);
  return caller;
}

/** 'admin' or the key id, as recorded on what the caller creates */
export function callerId(caller: Caller): string {
  return caller.kind === 'admin' ? 'admin' : caller.keyId;
}
