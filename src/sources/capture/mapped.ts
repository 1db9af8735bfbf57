// What a protocol message (a Segment call, a PostHog event) becomes: a Tally wire event for the one
// ingest pipeline, links between the person's ids, and profile traits to set — or the coded reason
// it cannot be taken. The adapters (segment.ts, posthog.ts) only map; capture.ts applies.

import { isUuid, uuidv5 } from '../../event/index.ts';
import type { ErrorCode } from '../../errors.ts';
import type { PersonLink } from '../../people/index.ts';

export interface TraitUpdate {
  readonly userId: string;
  readonly set: Record<string, unknown>;
  /** PostHog's $set_once: only traits the person never had */
  readonly setOnce: Record<string, unknown>;
  readonly atMs: number;
}

export type Mapped =
  | { readonly ok: true; readonly event: Record<string, unknown>; readonly links: readonly PersonLink[]; readonly traits: readonly TraitUpdate[] }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export const PROTOCOLS = ['segment', 'posthog'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * The event id of a message: its own id when that is a UUID, else a UUID v5 over the protocol, the
 * app and the id (so a library's retry of the same message is the same event); no id at all → the
 * pipeline derives one from the content.
 */
export function eventIdOf(protocol: Protocol, appId: string, messageId: unknown): string | undefined {
  if (typeof messageId === 'number' && Number.isFinite(messageId)) messageId = String(messageId);
  if (typeof messageId !== 'string' || messageId === '') return undefined;
  if (isUuid(messageId)) return messageId.toLowerCase();
  return uuidv5(`${protocol}\u0000${appId}\u0000${messageId}`);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** an id as text: strings as sent, finite numbers as their decimal text; undefined when absent */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** epoch ms of an ISO string, epoch ms number or Date-like text; undefined when not a time */
export function timeMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v.length > 40) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** a context string, cut to `max` */
export function text(v: unknown, max = 2048): string | undefined {
  if (typeof v === 'string' && v !== '') return v.slice(0, max);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** the object without its undefined members */
export function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
