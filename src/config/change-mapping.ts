// The one mapping format for change-capture rows, shared by the Kafka topic mappings
// (TALLY_KAFKA_MAPPINGS, keyed by topic) and the Postgres table mappings (TALLY_CDC_MAPPINGS,
// keyed by `schema.table`): which app, which event name (fixed, or read from a column such as seed
// 004's `event_type`), which columns hold the user, the time, the session, the row's key and a
// category. Every other column becomes a property (src/ingest/kafka-mapping.ts maps the rows).
// Parsed at start; errors name the key, the bad value and what is allowed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ID_RE } from '../event/index.ts';
import { fail } from './env.ts';

export interface ChangeMapping {
  readonly appId: string;
  /** a fixed event name, e.g. "concept_event"; with eventNameColumn, the name used when that column is empty ('' = none) */
  readonly eventName: string;
  /** column holding the event name (e.g. "event_type"); unset = the fixed name */
  readonly eventNameColumn?: string;
  /** column holding the user id (default "user_id") */
  readonly userIdColumn: string;
  /** column holding the event time: ISO, 'YYYY-MM-DD hh:mm:ss[.fff]' (UTC) or epoch ms (default "timestamp") */
  readonly timestampColumn: string;
  /** column holding the session id, used when present (default "session_id") */
  readonly sessionIdColumn: string;
  /** column with the source row's primary key: the event id derives from the source + key, so a
   * redelivered or re-captured row is stored once. Unset: derived from the row's content. */
  readonly eventIdColumn: string | undefined;
  /** column whose value is kept as the property `category` (e.g. seed 004's `event_category`) */
  readonly categoryColumn?: string;
}

export const COLUMN_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const NAME_RE = /^[^\u0000-\u001f\u007f]{1,200}$/;
/** the keys of one mapping every source understands */
export const MAPPING_KEYS = ['app_id', 'event_name', 'event_name_column', 'user_id', 'timestamp', 'session_id', 'event_id', 'category'] as const;

/** The JSON object of a mapping variable (inline JSON, or the path of a JSON file read now). */
export function readMappingObject(key: string, raw: string, cwd: string, shape: string): Record<string, unknown> {
  let text = raw.trim();
  if (!text.startsWith('{')) {
    try {
      text = readFileSync(path.resolve(cwd, text), 'utf8');
    } catch {
      fail(key, raw, 'inline JSON or the path of a readable JSON file');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(key, raw.slice(0, 80), `valid JSON: ${shape}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(key, raw.slice(0, 80), `a JSON object: ${shape}`);
  return parsed as Record<string, unknown>;
}

/**
 * One mapping (`where` names it in errors, e.g. `TALLY_CDC_MAPPINGS[public.actions]`). Keys in
 * `extraKeys` are left to the caller, which reads them from the returned spec.
 */
export function parseChangeMapping(where: string, spec: unknown, extraKeys: readonly string[] = []): { mapping: ChangeMapping; spec: Readonly<Record<string, unknown>> } {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) fail(where, JSON.stringify(spec), 'an object');
  const s = spec as Record<string, unknown>;
  const known = new Set<string>([...MAPPING_KEYS, ...extraKeys]);
  for (const k of Object.keys(s)) if (!known.has(k)) fail(`${where}.${k}`, String(s[k]), `one of the keys ${[...known].join(', ')}`);
  const str = (k: string, fallback: string | undefined, re: RegExp, allowed: string): string | undefined => {
    const v = s[k];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !re.test(v)) fail(`${where}.${k}`, String(v), allowed);
    return v;
  };
  const column = 'a column name ([A-Za-z_][A-Za-z0-9_]*)';
  const appId = str('app_id', undefined, APP_ID_RE, 'an app id (lowercase letters, digits, _ and -)');
  if (appId === undefined) fail(`${where}.app_id`, '', 'an app id');
  const eventName = str('event_name', undefined, NAME_RE, '1-200 printable characters');
  const eventNameColumn = str('event_name_column', undefined, COLUMN_RE, column);
  if (eventName === undefined && eventNameColumn === undefined) fail(`${where}.event_name`, '', 'an event name, or event_name_column naming the column that holds it');
  const categoryColumn = str('category', undefined, COLUMN_RE, column);
  const mapping: ChangeMapping = Object.freeze({
    appId,
    eventName: eventName ?? '',
    // only when set: a mapping without them reads as it always did
    ...(eventNameColumn === undefined ? {} : { eventNameColumn }),
    ...(categoryColumn === undefined ? {} : { categoryColumn }),
    userIdColumn: str('user_id', 'user_id', COLUMN_RE, column) as string,
    timestampColumn: str('timestamp', 'timestamp', COLUMN_RE, column) as string,
    sessionIdColumn: str('session_id', 'session_id', COLUMN_RE, column) as string,
    eventIdColumn: str('event_id', undefined, COLUMN_RE, column),
  });
  return { mapping, spec: s };
}
