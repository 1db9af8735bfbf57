// Raw SQL (`POST /v1/query`): the gate that decides what may run (sql-guard, with the engine's
// parser, sql-ast and sql-lexer, and the allow-lists of sql-policy), the scoping that keeps a
// caller's expressions on the caller's rows (sql-scope), and the runner with the engine's limits
// on sessions of its own (raw-query).

export { createRawQueryRunner, engineLimitReason, mapEngineError, rawQuerySettings } from './raw-query.ts';
export type { RawQueryLimits, RawQueryResult, RawQueryRunner } from './raw-query.ts';
export { MAX_SQL_CHARS, guardSql } from './sql-guard.ts';
export type { GuardedQuery } from './sql-guard.ts';
export { createSqlPolicy, loadSqlPolicy, TENANT_TABLE_CANDIDATES, PUBLIC_TABLES, TABLE_FUNCTIONS } from './sql-policy.ts';
export type { SqlPolicy } from './sql-policy.ts';
