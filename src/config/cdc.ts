// Configuration of Postgres change capture (docs/cdc.md): the database, the slot and publication
// names, whether to snapshot, the WAL bound, and the table mappings (the format of the Kafka topic
// mappings, change-mapping.ts, keyed by `schema.table`, plus what to do with updates and deletes
// and, in Kafka mode, the topic). Parsed once at start; a bad mapping stops the process.

import { bool, fail, int, refuse, text, type Env } from './env.ts';
import { parseChangeMapping, readMappingObject, type ChangeMapping } from './change-mapping.ts';

/** What an UPDATE or DELETE of a captured row becomes: nothing, or a `<table>.updated` / `<table>.deleted` event. */
export type ChangePolicy = 'ignore' | 'record';

export interface TableMapping extends ChangeMapping {
  readonly schema: string;
  readonly table: string;
  /** `schema.table`: the key in TALLY_CDC_MAPPINGS and the source that seeds event ids */
  readonly source: string;
  /** updates (default ignore) */
  readonly updates: ChangePolicy;
  /** deletes (default ignore) */
  readonly deletes: ChangePolicy;
  /** with TALLY_INGEST=kafka, rows are produced to this topic (default: the table name, e.g. seed 000's `concept_events`) */
  readonly topic: string;
}

export interface CdcConfig {
  /** the database to capture (TALLY_CDC_URL); capture is off when unset */
  readonly url: string;
  readonly slot: string;
  readonly publication: string;
  readonly snapshot: boolean;
  /** retained WAL beyond which a warning is logged and a gauge set (bytes) */
  readonly maxSlotWalBytes: number;
  /** first retry delay, doubled up to 30 s (ms) */
  readonly retryMs: number;
  readonly tables: readonly TableMapping[];
}

const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const TABLE_RE = /^([A-Za-z_][A-Za-z0-9_]{0,62})\.([A-Za-z_][A-Za-z0-9_]{0,62})$/;
const TOPIC_RE = /^[A-Za-z0-9._-]{1,240}$/;
const SHAPE = '{ "<schema.table>": { "app_id", "event_name" | "event_name_column", ... } }';

function policy(where: string, value: unknown): ChangePolicy {
  if (value === undefined) return 'ignore';
  if (value !== 'ignore' && value !== 'record') fail(where, String(value), "'ignore' or 'record'");
  return value;
}

function tableMappings(env: Env, cwd: string): TableMapping[] {
  const raw = text(env, 'TALLY_CDC_MAPPINGS');
  if (raw === undefined || raw.trim() === '') return [];
  const parsed = readMappingObject('TALLY_CDC_MAPPINGS', raw, cwd, SHAPE);
  return Object.entries(parsed).map(([source, spec]) => {
    const where = `TALLY_CDC_MAPPINGS[${source}]`;
    const m = TABLE_RE.exec(source);
    if (!m) fail(where, source, 'a key of the form schema.table (e.g. public.actions)');
    const { mapping, spec: s } = parseChangeMapping(where, spec, ['updates', 'deletes', 'topic']);
    const topic = s.topic === undefined ? m[2] : s.topic;
    if (typeof topic !== 'string' || !TOPIC_RE.test(topic)) fail(`${where}.topic`, String(topic), 'a Kafka topic name ([A-Za-z0-9._-], 1-240 characters)');
    return Object.freeze({ ...mapping, schema: m[1], table: m[2], source, updates: policy(`${where}.updates`, s.updates), deletes: policy(`${where}.deletes`, s.deletes), topic });
  });
}

/** Change capture's settings, or undefined when TALLY_CDC_URL is unset. */
export function loadCdcConfig(env: Env, cwd = '.'): CdcConfig | undefined {
  // every setting is read and checked, capture on or off, so a bad value never waits for the day it is used
  const url = text(env, 'TALLY_CDC_URL');
  const tables = tableMappings(env, cwd);
  const slot = text(env, 'TALLY_CDC_SLOT') as string;
  if (!IDENT_RE.test(slot)) refuse('TALLY_CDC_SLOT', slot);
  const publication = text(env, 'TALLY_CDC_PUBLICATION') as string;
  if (!IDENT_RE.test(publication)) refuse('TALLY_CDC_PUBLICATION', publication);
  const snapshot = bool(env, 'TALLY_CDC_SNAPSHOT');
  const maxSlotWalBytes = int(env, 'TALLY_CDC_MAX_SLOT_WAL_BYTES');
  const retryMs = int(env, 'TALLY_CDC_RETRY_MS');
  if (url === undefined || url.trim() === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    refuse('TALLY_CDC_URL', url);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') refuse('TALLY_CDC_URL', url);
  if (tables.length === 0) fail('TALLY_CDC_MAPPINGS', '', 'at least one table mapping when TALLY_CDC_URL is set');
  return Object.freeze({ url, slot, publication, snapshot, maxSlotWalBytes, retryMs, tables: Object.freeze(tables) });
}
