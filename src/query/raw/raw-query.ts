// Runs raw SQL that passed the guard (sql-guard.ts) with the engine's own controls:
//   readonly = 1                 the query can change nothing, not even settings;
//   scoped reads                 every read of a tenant table becomes a subquery over the
//                                caller's apps, with predicate moves off, so the caller's
//                                expressions never see another app's row (sql-scope.ts);
//                                additional_table_filters stays as a second line;
//   limits                       time, result rows and bytes, memory, rows read, AST size.
// Raw queries run on isolated engine sessions of their own (one per allowed concurrent query):
// they never queue ahead of ingest or the API's queries, and a query that fails mid-result can
// only dirty a session that is then replaced. The result is bounded by an outer LIMIT of one row
// more than allowed (overflow is detected without aborting the query mid-result). Beyond
// `maxConcurrent` they are refused with 429 rather than queued.
// Engine errors are mapped to reason categories; their text (which quotes the query and may name
// internals) is never sent.

import { TallyError } from '../../errors.ts';
import { APP_ID_RE } from '../../event/index.ts';
import { StoreError, forbiddenReasonOf, limitReasonOf, type StoreConnection } from '../../store/index.ts';
import { guardSql } from './sql-guard.ts';
import type { SqlPolicy } from './sql-policy.ts';
import { SCOPE_PARAM, SCOPE_SETTINGS, checkScoped, scopeTenantReads } from './sql-scope.ts';

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

const MAX_RESULT_BYTES = 32 * 1024 * 1024;

/** the SETTINGS clause every raw query runs with; app ids are checked before they are quoted */
export function rawQuerySettings(limits: RawQueryLimits, tenantTables: Iterable<string>, appIds: readonly string[]): string {
  for (const id of appIds) if (!APP_ID_RE.test(id)) throw new Error(`bad app id ${JSON.stringify(id)}`);
  const scope = appIds.length === 0 ? '0' : `app_id IN (${appIds.map((id) => `\\'${id}\\'`).join(', ')})`;
  const filters = [...tenantTables].map((t) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`bad table name ${t}`);
    return `'${t}': '${scope}'`;
  });
  const settings: Array<readonly [string, string | number]> = [
    ['readonly', 1],
    ['max_execution_time', Math.max(0.001, limits.timeoutMs / 1000)],
    ['timeout_overflow_mode', "'throw'"],
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
    ...SCOPE_SETTINGS,
    ['additional_table_filters', `{${filters.join(', ')}}`],
  ];
  return settings.map(([k, v]) => `${k} = ${v}`).join(', ');
}

/** the limit an engine error reports (time, memory, result size, …), if it is one */
export function engineLimitReason(err: unknown): string | undefined {
  return err instanceof StoreError ? limitReasonOf(err.engineCode) : undefined;
}

export function mapEngineError(err: unknown): TallyError {
  if (err instanceof TallyError) return err;
  if (!(err instanceof StoreError)) return new TallyError('TALLY_ERR_QUERY_FAILED', [], { cause: err });
  const limit = limitReasonOf(err.engineCode);
  if (limit) return new TallyError('TALLY_ERR_QUERY_LIMIT', [limit, limit], { cause: err });
  const forbidden = forbiddenReasonOf(err.engineCode);
  if (forbidden) return new TallyError('TALLY_ERR_QUERY_FORBIDDEN', [forbidden, 'refused by the engine'], { cause: err });
  return new TallyError('TALLY_ERR_QUERY_INVALID', ['the engine rejected the query (check names, types and arguments)'], { cause: err });
}

export function createRawQueryRunner(conn: StoreConnection, policy: SqlPolicy, limits: RawQueryLimits) {
  // one isolated session per query allowed at once, opened on first use
  const lanes: Array<{ conn: StoreConnection; busy: boolean }> = [];
  let running = 0;

  function takeLane(): { conn: StoreConnection; busy: boolean } {
    let lane = lanes.find((l) => !l.busy);
    if (!lane) {
      lane = { conn: conn.lane('isolated'), busy: false };
      lanes.push(lane);
    }
    lane.busy = true;
    return lane;
  }

  return {
    /** checks, scopes to `appIds` and runs `sql`; throws coded TallyErrors */
    async run(sql: string, appIds: readonly string[]): Promise<RawQueryResult> {
      if (running >= limits.maxConcurrent) throw new TallyError('TALLY_ERR_QUERY_BUSY', [1], { retryAfterSeconds: 1 });
      running++;
      const lane = takeLane();
      try {
        const guarded = await guardSql(lane.conn, policy, sql);
        const scoped = scopeTenantReads(guarded.sql, policy.tenantTables, policy.database);
        await checkScoped(lane.conn, scoped, policy.tenantTables, policy.database);
        const settings = rawQuerySettings(limits, policy.tenantTables, appIds);
        const started = performance.now();
        let rows: Record<string, unknown>[];
        try {
          // one row more than allowed tells an overflow apart from an exact fit
          rows = await lane.conn.query<Record<string, unknown>>(
            `SELECT * FROM (\n${scoped}\n) LIMIT {tally_result_limit:UInt64}\nSETTINGS ${settings}`,
            { [SCOPE_PARAM]: [...appIds], tally_result_limit: limits.maxResultRows + 1 },
          );
        } catch (err) {
          throw mapEngineError(err);
        }
        if (rows.length > limits.maxResultRows) throw new TallyError('TALLY_ERR_QUERY_LIMIT', ['result rows', 'result rows']);
        return { rows, rowCount: rows.length, elapsedMs: Math.round(performance.now() - started), sql: guarded.sql };
      } finally {
        lane.busy = false;
        running--;
      }
    },

    running: (): number => running,

    async close(): Promise<void> {
      await Promise.all(lanes.map((l) => l.conn.close()));
      lanes.length = 0;
    },
  };
}

export type RawQueryRunner = ReturnType<typeof createRawQueryRunner>;
