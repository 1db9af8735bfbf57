// What raw SQL may touch: the tenant tables (each read is scoped to the caller's apps by the
// engine), a tiny set of public tables and table functions, and functions allowed by the engine's
// own catalogue (system.functions) by category, with explicit denials for everything that reads
// files, the network, dictionaries, settings, or engine and host internals. Deny by default: an
// unknown name is refused.

import type { StoreConnection } from '../../store/index.ts';

/** Tables with an app_id column that raw SQL may read; add rollups and derived tables here. */
export const TENANT_TABLE_CANDIDATES: readonly string[] = ['events', 'events_hourly'];

/** Readable by anyone: they hold no tenant data. */
export const PUBLIC_TABLES: ReadonlySet<string> = new Set(['system.one', 'system.numbers']);

/** Table functions that only generate values. */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['numbers', 'generateSeries', 'generate_series', 'values']);

const ALLOWED_CATEGORIES = new Set([
  'Type Conversion', 'Dates and Times', 'Arrays', 'String', 'Hash', 'String Search', 'JSON', 'URL', 'Mathematical',
  'Arithmetic', 'Map', 'IP Address', 'Comparison', 'Tuple', 'Distance', 'Random Number', 'Bitmap', 'Bit', 'UUID',
  'Encoding', 'String Splitting', 'String Replacement', 'Null', 'Rounding', 'Time Window', 'Conditional', 'Logical',
  'Financial', 'Geo', 'Geo Polygon', 'NumericIndexedVector', 'QBit',
]);

/** Useful analytics helpers from the engine's 'Other' category. */
const ALLOWED_EXTRA = new Set([
  'transform', 'finalizeAggregation', 'initializeAggregation', 'runningAccumulate', 'runningDifference',
  'runningDifferenceStartingWithFirstValue', 'neighbor', 'formatReadableSize', 'formatReadableDecimalSize',
  'formatReadableQuantity', 'formatReadableTimeDelta', 'parseReadableSize', 'parseReadableSizeOrNull',
  'parseReadableSizeOrZero', 'parseTimeDelta', 'bar', 'toTypeName', 'toColumnTypeName', 'materialize', 'isConstant',
  'countDigits', 'minSampleSizeContinuous', 'minSampleSizeConversion', 'visibleWidth', 'isDecimalOverflow',
  'byteSize', 'variantElement', 'variantType', 'identity',
  // syntax the parser turns into functions
  'lambda', 'exists', 'tuple', 'array', 'in', 'notIn', 'globalIn', 'globalNotIn', 'nullIn', 'notNullIn', 'arrayJoin',
  'untuple', 'grouping', 'CAST', '_CAST', 'accurateCast', 'accurateCastOrNull', 'accurateCastOrDefault', 'tupleElement',
]);

/** Refused whatever their category: files, network, settings, host and engine internals, slow sleeps. */
const DENIED = new Set([
  'file', 'url', 's3', 'remote', 'input', 'chdb', 'version', 'getSetting', 'getSettingOrDefault', 'getServerSetting',
  'getMergeTreeSetting', 'hasColumnInTable', 'joinGet', 'joinGetOrNull', 'catboostEvaluate', 'sleep', 'sleepEachRow',
  'serverTimezone', 'serverTimeZone', 'timezone', 'timeZone', 'timezoneOf', 'currentDatabase', 'currentUser', 'hostName', 'FQDN', 'uptime',
  'throwIf', 'aggThrow', 'flameGraph', 'generateSerialID', 'globalVariable', 'getClientHTTPHeader', 'showCertificate',
  'filesystemAvailable', 'filesystemCapacity', 'filesystemUnreserved', 'buildId', 'revision', 'tcpPort', 'getMacro',
  'convertCharset', 'nowInBlock', 'encrypt', 'decrypt', 'tryDecrypt',
]);

/** Aggregate combinators (countIf, uniqMerge, sumStateIf, ...), longest first. */
const COMBINATORS = ['SimpleState', 'MergeState', 'OrDefault', 'Resample', 'Distinct', 'ForEach', 'ArgMin', 'ArgMax', 'OrNull', 'Array', 'State', 'Merge', 'If', 'Map'];

interface FunctionRecord {
  readonly name: string;
  readonly isAggregate: boolean;
  readonly caseInsensitive: boolean;
  readonly aliasTo: string;
  readonly categories: readonly string[];
}

export interface SqlPolicy {
  /** tenant tables present in this store (with an app_id column) */
  readonly tenantTables: ReadonlySet<string>;
  /** database names, lowercased: a name qualified with one of them is refused */
  readonly databases: ReadonlySet<string>;
  /** the database holding the tenant tables (scoped reads name it) */
  readonly database: string;
  /** may raw SQL call this function (scalar, aggregate or table function)? */
  functionAllowed(name: string): boolean;
  /** may a query read this table (as written, e.g. 'events' or 'system.one')? */
  tableAllowed(name: string): boolean;
}

export function createSqlPolicy(functions: readonly FunctionRecord[], tenantTables: readonly string[], databases: readonly string[], database = 'default'): SqlPolicy {
  const exact = new Map<string, FunctionRecord>();
  const folded = new Map<string, FunctionRecord>();
  for (const f of functions) {
    exact.set(f.name, f);
    if (f.caseInsensitive) folded.set(f.name.toLowerCase(), f);
  }
  const lookup = (name: string) => exact.get(name) ?? folded.get(name.toLowerCase());
  const tenant = new Set(tenantTables);

  function allowed(name: string, depth: number): boolean {
    if (depth > 4 || DENIED.has(name)) return false;
    if (ALLOWED_EXTRA.has(name) || TABLE_FUNCTIONS.has(name)) return true;
    const record = lookup(name);
    if (record) {
      if (DENIED.has(record.name)) return false;
      if (record.aliasTo) return allowed(record.aliasTo, depth + 1);
      if (ALLOWED_EXTRA.has(record.name)) return true;
      if (record.isAggregate) return true;
      return record.categories.length > 0 && record.categories.every((c) => ALLOWED_CATEGORIES.has(c));
    }
    // countIf, uniqMerge, sumStateIf: a combinator on an allowed aggregate
    for (const suffix of COMBINATORS) {
      if (name.length > suffix.length && name.endsWith(suffix)) {
        const base = name.slice(0, -suffix.length);
        if (isAggregateChain(base, depth + 1) && allowed(base, depth + 1)) return true;
      }
    }
    return false;
  }

  function isAggregateChain(name: string, depth: number): boolean {
    if (depth > 4) return false;
    const record = lookup(name);
    if (record) return record.isAggregate || (record.aliasTo !== '' && isAggregateChain(record.aliasTo, depth + 1));
    for (const suffix of COMBINATORS) {
      if (name.length > suffix.length && name.endsWith(suffix)) return isAggregateChain(name.slice(0, -suffix.length), depth + 1);
    }
    return false;
  }

  return {
    tenantTables: tenant,
    databases: new Set(databases.map((d) => d.toLowerCase())),
    database,
    functionAllowed: (name) => allowed(name, 0),
    tableAllowed: (name) => tenant.has(name) || PUBLIC_TABLES.has(name),
  };
}

/** Reads the engine's catalogue once (at start): functions, databases and the tenant tables present. */
export async function loadSqlPolicy(conn: StoreConnection, candidates: readonly string[] = TENANT_TABLE_CANDIDATES): Promise<SqlPolicy> {
  const rows = await conn.query<{ name: string; is_aggregate: number; case_insensitive: number; alias_to: string; categories: string }>(
    'SELECT name, is_aggregate, case_insensitive, alias_to, categories FROM system.functions',
  );
  const functions = rows.map((r) => ({
    name: r.name,
    isAggregate: r.is_aggregate === 1,
    caseInsensitive: r.case_insensitive === 1,
    aliasTo: r.alias_to,
    categories: r.categories.split(',').map((c) => c.trim()).filter(Boolean),
  }));
  const tables = await conn.query<{ table: string }>(
    `SELECT DISTINCT table FROM system.columns WHERE database = currentDatabase() AND name = 'app_id' AND table IN {candidates:Array(String)}`,
    { candidates },
  );
  const databases = await conn.query<{ name: string }>('SELECT name FROM system.databases');
  const [current] = await conn.query<{ db: string }>('SELECT currentDatabase() AS db');
  return createSqlPolicy(functions, tables.map((t) => t.table), [...databases.map((d) => d.name), 'system', 'information_schema'], current?.db ?? 'default');
}
