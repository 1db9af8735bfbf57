// The raw-SQL gate. A query is accepted only if the engine's own parser reads it as one SELECT
// (formatQuery, with the text bound as a parameter, never pasted) and its parse tree (EXPLAIN AST of
// the canonical text) holds only allowed node kinds, tables, table functions and functions; the
// canonical text is then scanned again token by token for calls and words the tree might not show.
// What runs is the canonical text (comments gone), never the text as sent. Scoping rows to the
// caller's apps is not done here but by the engine at execution (raw-query.ts); this gate decides
// what may run at all. Refusals carry a reason category and never echo engine messages.

import { TallyError } from '../../errors.ts';
import { StoreError, type StoreConnection } from '../../store/index.ts';
import { parseExplainAst, type AstNode } from './sql-ast.ts';
import { SYNTAX_BEFORE_PAREN, calledNames, tokenize } from './sql-lexer.ts';
import { TABLE_FUNCTIONS, type SqlPolicy } from './sql-policy.ts';

/** longest accepted SQL text, in characters */
export const MAX_SQL_CHARS = 20_000;

export interface GuardedQuery {
  /** the engine's canonical text of the query: what will run */
  readonly sql: string;
  /** tenant tables the query reads */
  readonly tenantTables: readonly string[];
}

/** Parse-tree node kinds a SELECT may contain; anything else is refused. */
const NODE_KINDS = new Set([
  'SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'SelectQuery', 'ExpressionList', 'Asterisk', 'QualifiedAsterisk',
  'ColumnsRegexpMatcher', 'ColumnsListMatcher', 'QualifiedColumnsRegexpMatcher', 'QualifiedColumnsListMatcher',
  'ColumnsTransformerList', 'ColumnsExceptTransformer', 'ColumnsReplaceTransformer', 'ColumnsReplaceTransformer::Replacement',
  'TablesInSelectQuery', 'TablesInSelectQueryElement', 'TableExpression', 'TableIdentifier', 'TableJoin', 'ArrayJoin',
  'Subquery', 'Function', 'Identifier', 'Literal', 'OrderByElement', 'WithElement', 'WindowDefinition', 'WindowListElement',
  'InterpolateElement', 'SampleRatio', 'WithFill',
]);

/** reason categories for refused kinds */
const KIND_REASONS: Readonly<Record<string, string>> = {
  Set: 'settings',
  QueryParameter: 'parameters',
  ColumnsApplyTransformer: 'apply',
};

/** words that may not appear outside strings at all */
const FORBIDDEN_WORDS: Readonly<Record<string, string>> = { SETTINGS: 'settings', APPLY: 'apply', OUTFILE: 'into_outfile', INTO: 'into_outfile' };

function forbid(reason: string, detail: string): never {
  throw new TallyError('TALLY_ERR_QUERY_FORBIDDEN', [reason, detail.slice(0, 120)]);
}

function invalid(detail: string): never {
  throw new TallyError('TALLY_ERR_QUERY_INVALID', [detail]);
}

async function canonicalText(conn: StoreConnection, sql: string): Promise<string> {
  try {
    const [row] = await conn.query<{ q: string }>('SELECT formatQuery({sql:String}) AS q', { sql });
    return row?.q ?? '';
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    // never echo the engine's message: it quotes the query back
    if (sql.includes(';')) forbid('multiple_statements', 'send one SELECT without ";"');
    invalid('the SQL could not be parsed as one query');
  }
}

async function explainAst(conn: StoreConnection, canonical: string): Promise<AstNode> {
  let text: string;
  try {
    const rows = await conn.query<{ explain: string }>(`EXPLAIN AST ${canonical}`);
    text = rows.map((r) => r.explain).join('\n');
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    invalid('the SQL could not be parsed as one query');
  }
  const root = parseExplainAst(text);
  if (!root) forbid('malformed', 'the parse tree is not consistent (control characters in names?)');
  return root;
}

/** false for an unqualified name that may be a CTE; refuses everything else not allowed */
function checkTable(policy: SqlPolicy, name: string): boolean {
  if (policy.tableAllowed(name)) return true;
  const lower = name.toLowerCase();
  if (lower.startsWith('system.') || lower.startsWith('information_schema.')) forbid('system_table', name);
  if (name.includes('.')) forbid('database', name);
  return false;
}

function checkIdentifier(policy: SqlPolicy, name: string): void {
  const parts = name.split('.');
  if (parts.length > 1 && policy.databases.has(parts[0].toLowerCase())) forbid(parts[0].toLowerCase() === 'system' ? 'system_table' : 'database', name);
  if (parts.some((p) => p.startsWith('_'))) forbid('virtual_column', name);
}

interface TreeNames {
  readonly tenantTables: string[];
  /** unqualified names that must not be tables of this database: CTE names and plain identifiers */
  readonly mustNotBeTables: string[];
}

function checkTree(policy: SqlPolicy, root: AstNode): TreeNames {
  if (root.kind !== 'SelectWithUnionQuery') forbid('not_select', root.kind);
  if (root.children.length !== 1) {
    const extra = root.children.slice(1).map((c) => c.kind);
    forbid(extra.includes('Set') ? 'settings' : extra.includes('Literal') ? 'into_outfile' : 'format', 'output clauses are not allowed');
  }
  const tables = new Set<string>();
  const mustNotBeTables = new Set<string>();
  const visit = (node: AstNode, parent: AstNode | undefined) => {
    if (!NODE_KINDS.has(node.kind)) forbid(KIND_REASONS[node.kind] ?? 'syntax', node.kind);
    if (node.kind === 'TableIdentifier') {
      if (!checkTable(policy, node.name)) mustNotBeTables.add(node.name);
      if (policy.tenantTables.has(node.name)) tables.add(node.name);
    } else if (node.kind === 'Function') {
      const isTableFunction = parent?.kind === 'TableExpression';
      if (isTableFunction ? !TABLE_FUNCTIONS.has(node.name) : !policy.functionAllowed(node.name)) {
        forbid(isTableFunction ? 'table_function' : DICTIONARY_RE.test(node.name) ? 'dictionary' : 'function', node.name);
      }
    } else if (node.kind === 'Identifier') {
      checkIdentifier(policy, node.name);
      // `x IN name` reads a whole table when `name` is one: only tenant tables may be read so
      if (!node.name.includes('.') && !policy.tenantTables.has(node.name)) mustNotBeTables.add(node.name);
    }
    for (const child of node.children) visit(child, node);
  };
  visit(root, undefined);
  return { tenantTables: [...tables], mustNotBeTables: [...mustNotBeTables] };
}

/** Refuses names that are tables of this database (or temporary tables) but not allowed ones. */
async function checkNotTables(conn: StoreConnection, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const found = await conn.query<{ name: string }>(
    'SELECT name FROM system.tables WHERE (database = currentDatabase() OR is_temporary) AND name IN {names:Array(String)} LIMIT 1',
    { names: names.slice(0, 10_000) },
  );
  if (found.length > 0) forbid('table', found[0].name);
}

const DICTIONARY_RE = /^(dict|joinGet|region)/i;

function checkTokens(policy: SqlPolicy, canonical: string): void {
  const tokens = tokenize(canonical);
  if (!tokens) forbid('malformed', 'unterminated string or name');
  const first = tokens[0];
  if (!first || !(first.text === '(' || (first.kind === 'word' && ['SELECT', 'WITH'].includes(first.text.toUpperCase())))) {
    forbid('not_select', first ? first.text : 'empty');
  }
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ';') forbid('multiple_statements', 'send one SELECT without ";"');
    if (t.kind === 'word') {
      const reason = FORBIDDEN_WORDS[t.text.toUpperCase()];
      if (reason) forbid(reason, t.text);
    }
  }
  for (const name of calledNames(tokens)) {
    if (SYNTAX_BEFORE_PAREN.has(name.toUpperCase())) continue;
    if (name.includes('.')) forbid('database', name);
    if (!policy.functionAllowed(name)) forbid(DICTIONARY_RE.test(name) ? 'dictionary' : 'function', name);
  }
}

/** Checks `sql` and returns the canonical text to run, or throws TALLY_ERR_QUERY_FORBIDDEN / _INVALID. */
export async function guardSql(conn: StoreConnection, policy: SqlPolicy, sql: string): Promise<GuardedQuery> {
  if (sql.length > MAX_SQL_CHARS) forbid('too_long', `at most ${MAX_SQL_CHARS} characters`);
  if (!sql.isWellFormed()) forbid('malformed_unicode', 'the text holds unpaired UTF-16 surrogates');
  // control characters other than tab/newline have no place in SQL; they hide things from readers
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(sql)) forbid('control_characters', 'the text holds control characters');
  if (sql.trim().length === 0) invalid('empty query');
  const canonical = (await canonicalText(conn, sql)).trim();
  if (canonical.length === 0) invalid('empty query');
  checkTokens(policy, canonical);
  const root = await explainAst(conn, canonical);
  const names = checkTree(policy, root);
  await checkNotTables(conn, names.mustNotBeTables);
  return { sql: canonical, tenantTables: names.tenantTables };
}
