// Runs raw SQL that passed the guard (sql-guard.ts) with the engine's own controls:
//   readonly = 1                 the query can change nothing, not even settings;
//   additional_table_filters     every read of every tenant table, however it is referenced
//                                (FROM, JOIN, IN, subquery, CTE), sees only the caller's apps;
//   limits                       time, result rows and bytes, memory, rows read, AST size.
// The embedded engine runs one query at a time for the whole process, so raw queries are also
// limited in number: beyond `maxConcurrent` they are refused with 429 rather than queued.
// Engine errors are mapped to reason categories; their text (which quotes the query and may name
// internals) is never sent.

import { TallyError } from '../errors.ts';
import { StoreError, type StoreConnection } from '../store/index.ts';
import { guardSql } from './sql-guard.ts';
import type { SqlPolicy } from './sql-policy.ts';

export interface RawQueryLimits {
  readonly timeoutMs: number;
  readonly maxResultRows: number;
  readonly maxMemoryBytes: number;
  readonly maxRowsToRead: number;
  readonly maxConcurrent: number;
}

export interface RawQueryResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
  readonly elapsedMs: number;
  /** the canonical SQL that ran (without the settings Tally added) */
  readonly sql: string;
}

const APP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_RESULT_BYTES = 32 * 1024 * 1024;

/** engine error codes → (registry code, reason) */
const LIMIT_REASONS: ReadonlyMap<number, string> = new Map([
  [159, 'time'], [394, 'time'], [241, 'memory'], [396, 'result size'], [158, 'rows read'], [307, 'bytes read'],
  [168, 'query size'], [167, 'query depth'], [306, 'query depth'], [191, 'join size'], [190, 'set size'], [160, 'time'],
]);
const FORBIDDEN_REASONS: ReadonlyMap<number, string> = new Map([
  [164, 'readonly'], [497, 'access'], [452, 'settings'], [60, 'table'], [81, 'database'],
]);

/** the SETTINGS clause every raw query runs with; app ids are checked before they are quoted */
export function rawQuerySettings(limits: RawQueryLimits, tenantTables: Iterable<string>, appIds: readonly string[]): string {
  for (const id of appIds) if (!APP_ID_RE.test(id)) throw new Error(`bad app id ${JSON.stringify(id)}`);
  const scope = appIds.length === 0 ? '0' : `app_id IN (${appIds.map((id) => `\\'${id}\\'`).join(', ')})`;
  const filters = [...tenantTables].map((t) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`bad table name ${t}`);
    return `'${t}': '${scope}'`;
  });
  const settings: Array<[string, string | number]> = [
    ['readonly', 1],
    ['max_execution_time', Math.max(1, Math.ceil(limits.timeoutMs / 1000))],
    ['timeout_overflow_mode', "'throw'"],
    ['max_result_rows', limits.maxResultRows],
    ['max_result_bytes', MAX_RESULT_BYTES],
    ['result_overflow_mode', "'throw'"],
    ['max_memory_usage', limits.maxMemoryBytes],
    ['max_rows_to_read', limits.maxRowsToRead],
    ['read_overflow_mode', "'throw'"],
    ['max_threads', 2],
    ['max_ast_elements', 50_000],
    ['max_expanded_ast_elements', 500_000],
    ['max_subquery_depth', 20],
    ['max_rows_in_set', 10_000_000],
    ['max_rows_in_join', 10_000_000],
    ['allow_introspection_functions', 0],
    ['additional_table_filters', `{${filters.join(', ')}}`],
  ];
  return settings.map(([k, v]) => `${k} = ${v}`).join(', ');
}

export function mapEngineError(err: unknown): TallyError {
  if (err instanceof TallyError) return err;
  if (!(err instanceof StoreError)) return new TallyError('TALLY_ERR_QUERY_FAILED', [], { cause: err });
  const code = err.engineCode ?? -1;
  const limit = LIMIT_REASONS.get(code);
  if (limit) return new TallyError('TALLY_ERR_QUERY_LIMIT', [limit, limit], { cause: err });
  const forbidden = FORBIDDEN_REASONS.get(code);
  if (forbidden) return new TallyError('TALLY_ERR_QUERY_FORBIDDEN', [forbidden, 'refused by the engine'], { cause: err });
  return new TallyError('TALLY_ERR_QUERY_INVALID', ['the engine rejected the query (check names, types and arguments)'], { cause: err });
}

export function createRawQueryRunner(conn: StoreConnection, policy: SqlPolicy, limits: RawQueryLimits) {
  let running = 0;

  return {
    /** checks, scopes to `appIds` and runs `sql`; throws coded TallyErrors */
    async run(sql: string, appIds: readonly string[]): Promise<RawQueryResult> {
      if (running >= limits.maxConcurrent) throw new TallyError('TALLY_ERR_QUERY_BUSY', [1], { retryAfterSeconds: 1 });
      running++;
      try {
        const guarded = await guardSql(conn, policy, sql);
        const settings = rawQuerySettings(limits, policy.tenantTables, appIds);
        const started = performance.now();
        let rows: Record<string, unknown>[];
        try {
          rows = await conn.query<Record<string, unknown>>(`${guarded.sql}\nSETTINGS ${settings}`);
        } catch (err) {
          throw mapEngineError(err);
        }
        return { rows, rowCount: rows.length, elapsedMs: Math.round(performance.now() - started), sql: guarded.sql };
      } finally {
        running--;
      }
    },

    running: (): number => running,
  };
}

export type RawQueryRunner = ReturnType<typeof createRawQueryRunner>;
