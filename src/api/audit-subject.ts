// What an audit row says was asked, when the request alone does not tell: a route sets it (a
// template, a hash of the SQL or of a user id, the apps a query was scoped to) and the audit hook
// (route-access.ts) reads it once the answer is sent. Never the SQL text or a user id itself.

import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export interface AuditSubject {
  readonly subject: string;
  readonly appIds?: readonly string[];
}

const subjects = new WeakMap<FastifyRequest, AuditSubject>();

/** what the audit row says was asked (a template, a hash) and of which apps, when the request does not name them */
export function setAuditSubject(req: FastifyRequest, subject: string, appIds?: readonly string[]): void {
  subjects.set(req, { subject, appIds });
}

/** the subject a route set for this request, if any */
export function auditSubjectOf(req: FastifyRequest): AuditSubject | undefined {
  return subjects.get(req);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
