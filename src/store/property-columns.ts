// Which event properties the store keeps in columns of their own (materialized properties,
// docs/storage.md). The columns are the schema's; this registry is only what this process knows of
// them, so queries can read a column instead of parsing `properties` on every row. A property the
// registry does not know is read from the JSON text, which gives the same answer: a stale registry
// costs time, never correctness. It is shared by every lane of one store connection.

import { createHash } from 'node:crypto';
import type { StoreConnection } from './connection.ts';

/** prefix of a materialized property's column; the rest is a hash of the key, so no key shows in a column's name (it is in its comment) */
export const PROPERTY_COLUMN_PREFIX = 'mp_';

/** the column a property key is materialized into (the same name in every store) */
export function propertyColumnName(key: string): string {
  return `${PROPERTY_COLUMN_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export interface PropertyColumn {
  readonly property: string;
  readonly column: string;
  /** LowCardinality(Nullable(String)) rather than Nullable(String) */
  readonly lowCardinality: boolean;
  /** the table has the column's projection of hourly counts per value (`<column>_hourly`) */
  readonly hourlyCounts: boolean;
}

/** most distinct keys whose JSON reads are counted (the counts are suggestions, not accounts) */
const MAX_COUNTED_KEYS = 1000;

export class PropertyColumns {
  #byKey: ReadonlyMap<string, PropertyColumn> = new Map();
  /** reads of a key from the JSON text in the SQL of questions since this process started */
  readonly #jsonReads = new Map<string, number>();

  /** the column holding `key`'s text (NULL where the event lacks it), if it is materialized */
  columnOf(key: string): string | undefined {
    return this.#byKey.get(key)?.column;
  }

  /** whether `key`'s column has a projection of hourly counts per value */
  hasHourlyCounts(key: string): boolean {
    return this.#byKey.get(key)?.hourlyCounts ?? false;
  }

  /** counts a question's read of `key` from the JSON text (what materializing would save) */
  noteJsonRead(key: string): void {
    const n = this.#jsonReads.get(key);
    if (n !== undefined) this.#jsonReads.set(key, n + 1);
    else if (this.#jsonReads.size < MAX_COUNTED_KEYS) this.#jsonReads.set(key, 1);
  }

  /** the properties questions read most from the JSON text since this process started */
  mostRead(limit: number): Array<{ property: string; reads: number }> {
    return [...this.#jsonReads]
      .filter(([key]) => !this.#byKey.has(key))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([property, reads]) => ({ property, reads }));
  }

  list(): PropertyColumn[] {
    return [...this.#byKey.values()].sort((a, b) => a.property.localeCompare(b.property));
  }

  /** stops reading `key` from its column (before the column is dropped) */
  forget(key: string): void {
    const next = new Map(this.#byKey);
    next.delete(key);
    this.#byKey = next;
  }

  /** reads the materialized columns of `events` from the schema */
  async refresh(store: StoreConnection): Promise<void> {
    const rows = await store.query<{ name: string; comment: string; type: string }>(
      `SELECT name, comment, type FROM system.columns
       WHERE database = currentDatabase() AND table = 'events' AND default_kind = 'MATERIALIZED' AND startsWith(name, {prefix:String})`,
      { prefix: PROPERTY_COLUMN_PREFIX },
    );
    // the table's statement names its projections (every engine version has it, unlike system.projections)
    const [table] = await store.query<{ ddl: string }>("SELECT create_table_query AS ddl FROM system.tables WHERE database = currentDatabase() AND name = 'events'");
    // the comment holds the key; a column whose name is not the key's hash is not one of these
    this.#byKey = new Map(
      rows
        .filter((r) => propertyColumnName(r.comment) === r.name)
        .map((r) => [
          r.comment,
          { property: r.comment, column: r.name, lowCardinality: r.type.startsWith('LowCardinality'), hourlyCounts: new RegExp(`\\bPROJECTION ${r.name}_hourly\\b`).test(table?.ddl ?? '') },
        ]),
    );
  }
}
