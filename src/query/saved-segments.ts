// Custom segments saved by name per app: "users who did event X (with filters), at least N times,
// in a window". Only the definition is stored (table saved_segments, migration 0004); membership is
// computed when a segment is used, so a relative window like -30d always means "the last 30 days".
// Rows are versioned (ReplacingMergeTree) and read with FINAL; a delete is a tombstone row.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { ParamBag } from './params.ts';
import { FiltersSchema } from './filters.ts';

export const SegmentName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'letters, digits, _ . - (at most 64)' });

export const CustomSegmentSchema = Type.Object(
  {
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'event name the user did (any event when absent)' })),
    filters: Type.Optional(FiltersSchema),
    min_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'at least this many matching events (default 1)' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'window end (exclusive): ISO time, relative, or now (default)' })),
  },
  { additionalProperties: false, description: 'users with at least min_count events matching event and filters in [from, to)' },
);
export type CustomSegment = Static<typeof CustomSegmentSchema>;

export interface SavedSegment {
  readonly name: string;
  readonly definition: CustomSegment;
  readonly updated_at: string;
}

export async function saveSegment(store: StoreConnection, appId: string, name: string, definition: CustomSegment): Promise<SavedSegment> {
  await writeVersion(store, appId, name, JSON.stringify(definition), false);
  const saved = await findSavedSegment(store, appId, name);
  if (!saved) throw new Error('saved segment vanished after insert');
  return saved;
}

export async function findSavedSegment(store: StoreConnection, appId: string, name: string): Promise<SavedSegment | undefined> {
  const params = new ParamBag();
  const [row] = await store.query<{ name: string; definition: string; updated_at: string }>(
    `SELECT name, definition, updated_at FROM saved_segments FINAL
     WHERE app_id = ${params.add(appId, 'String')} AND name = ${params.add(name, 'String')} AND deleted = 0`,
    params.values,
  );
  return row ? { name: row.name, definition: JSON.parse(row.definition) as CustomSegment, updated_at: row.updated_at } : undefined;
}

export async function getSavedSegment(store: StoreConnection, appId: string, name: string): Promise<SavedSegment> {
  const saved = await findSavedSegment(store, appId, name);
  if (!saved) throw new TallyError('TALLY_ERR_SEGMENT_UNKNOWN', [name.slice(0, 64)]);
  return saved;
}

export async function listSavedSegments(store: StoreConnection, appId: string): Promise<SavedSegment[]> {
  const params = new ParamBag();
  const rows = await store.query<{ name: string; definition: string; updated_at: string }>(
    `SELECT name, definition, updated_at FROM saved_segments FINAL WHERE app_id = ${params.add(appId, 'String')} AND deleted = 0 ORDER BY name`,
    params.values,
  );
  return rows.map((r) => ({ name: r.name, definition: JSON.parse(r.definition) as CustomSegment, updated_at: r.updated_at }));
}

/** removes a saved segment; false when there was none */
export async function deleteSavedSegment(store: StoreConnection, appId: string, name: string): Promise<boolean> {
  if (!(await findSavedSegment(store, appId, name))) return false;
  await writeVersion(store, appId, name, '', true);
  return true;
}

/** a new version of a saved segment (ReplacingMergeTree keeps the highest) */
async function writeVersion(store: StoreConnection, appId: string, name: string, definition: string, deleted: boolean): Promise<void> {
  const params = new ParamBag();
  const app = params.add(appId, 'String');
  const segment = params.add(name, 'String');
  await store.command(
    `INSERT INTO saved_segments (app_id, name, definition, deleted, updated_at, version)
     SELECT ${app}, ${segment}, ${params.add(definition, 'String')}, ${deleted ? 1 : 0}, now64(3),
            (SELECT coalesce(max(version), 0) + 1 FROM saved_segments WHERE app_id = ${app} AND name = ${segment})`,
    params.values,
  );
}
