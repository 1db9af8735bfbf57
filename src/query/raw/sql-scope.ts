// Scoping raw SQL to the caller's apps by rewriting what it reads. Every reference to a tenant
// table in the guarded, canonical text becomes a subquery that reads only the caller's apps:
//
//   FROM events AS e   →   FROM (SELECT * FROM default.events WHERE app_id IN {tally_scope_apps:Array(String)}) AS e
//
// and the query runs with the optimizer's predicate moves turned off (SCOPE_SETTINGS), so none of
// the caller's expressions — WHERE, PREWHERE, JOIN ON, casts, divisions — is evaluated on another
// app's row. Filtering results is not enough: an expression that fails on a hidden row turns the
// error itself into an oracle (`intDiv(1, if(<guess about a secret>, 0, 1))`).
//
// The rewrite is checked, not trusted: the engine parses the result again and every read of a
// tenant table must be one of the qualified reads this module wrote (callers cannot write
// qualified names; the guard refuses them). Anything else — a table read where the rewrite does
// not reach, or used as `x IN events` — is refused.

import { TallyError } from '../../errors.ts';
import type { StoreConnection } from '../../store/index.ts';
import { parseExplainAst, type AstNode } from './sql-ast.ts';
import { tokenize } from './sql-lexer.ts';

/** the bound parameter holding the caller's app ids */
export const SCOPE_PARAM = 'tally_scope_apps';

/** Settings that keep the scoping subquery's filter ahead of every expression of the caller's. */
export const SCOPE_SETTINGS: ReadonlyArray<readonly [string, number]> = [
  ['enable_optimize_predicate_expression', 0],
  ['optimize_move_to_prewhere', 0],
  ['query_plan_filter_push_down', 0],
];

function forbid(reason: string, detail: string): never {
  throw new TallyError('TALLY_ERR_QUERY_FORBIDDEN', [reason, detail.slice(0, 120)]);
}

/** words that open a clause; a comma in a FROM clause separates tables, elsewhere expressions */
const CLAUSES = new Set(['SELECT', 'FROM', 'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WITH', 'JOIN', 'ON', 'USING', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'QUALIFY', 'OFFSET', 'SAMPLE', 'FINAL', 'INTERPOLATE']);

/** The canonical text with every tenant-table read in FROM or JOIN replaced by its scoped subquery. */
export function scopeTenantReads(canonical: string, tenantTables: ReadonlySet<string>, database: string): string {
  const tokens = tokenize(canonical);
  if (!tokens) forbid('malformed', 'unterminated string or name');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`bad database name ${database}`);
  // the clause each open parenthesis level is in
  const clause: string[] = [''];
  let out = '';
  let copied = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (t.kind === 'punct' && t.text === '(') clause.push('');
    else if (t.kind === 'punct' && t.text === ')') clause.length > 1 && clause.pop();
    else if (t.kind === 'word' && CLAUSES.has(t.text.toUpperCase())) {
      const word = t.text.toUpperCase();
      // ARRAY JOIN takes expressions, not tables
      clause[clause.length - 1] = word === 'JOIN' && prev?.kind === 'word' && prev.text.toUpperCase() === 'ARRAY' ? 'ARRAY JOIN' : word;
    }
    if ((t.kind !== 'word' && t.kind !== 'quoted') || !tenantTables.has(t.text)) continue;
    const next = tokens[i + 1];
    if (next?.kind === 'punct' && next.text === '.') continue; // events.user_id: a column
    if (prev?.kind === 'punct' && prev.text === '.') forbid('database', t.text);
    const current = clause[clause.length - 1];
    const afterKeyword = prev?.kind === 'word' && ['FROM', 'JOIN'].includes(prev.text.toUpperCase()) && current !== 'ARRAY JOIN';
    const inTableList = prev?.kind === 'punct' && prev.text === ',' && current === 'FROM';
    if (!afterKeyword && !inTableList) continue; // a column or alias of that name; the parse-tree check has the last word
    const aliased = next?.kind === 'word' && next.text.toUpperCase() === 'AS';
    const scoped = `(SELECT * FROM ${database}.${t.text} WHERE app_id IN {${SCOPE_PARAM}:Array(String)})${aliased ? '' : ` AS ${t.text}`}`;
    out += canonical.slice(copied, t.start) + scoped;
    copied = t.end;
  }
  return out + canonical.slice(copied);
}

const IN_FUNCTIONS = new Set(['in', 'notIn', 'globalIn', 'globalNotIn', 'nullIn', 'notNullIn', 'globalNullIn', 'globalNotNullIn']);

function walk(node: AstNode, ancestors: AstNode[], visit: (n: AstNode, ancestors: readonly AstNode[]) => void): void {
  visit(node, ancestors);
  ancestors.push(node);
  for (const c of node.children) walk(c, ancestors, visit);
  ancestors.pop();
}

/** `x IN events`: the table as the right side of an IN */
function isInTable(node: AstNode, ancestors: readonly AstNode[]): boolean {
  const list = ancestors[ancestors.length - 1];
  const fn = ancestors[ancestors.length - 2];
  return list?.kind === 'ExpressionList' && fn?.kind === 'Function' && IN_FUNCTIONS.has(fn.name) && list.children[1] === node;
}

/** Refuses the rewritten query unless every tenant-table read in its parse tree is a scoped one. */
export async function checkScoped(conn: StoreConnection, scopedSql: string, tenantTables: ReadonlySet<string>, database: string): Promise<void> {
  const rows = await conn.query<{ explain: string }>(`EXPLAIN AST ${scopedSql}`, { [SCOPE_PARAM]: [] });
  const root = parseExplainAst(rows.map((r) => r.explain).join('\n'));
  if (!root) forbid('malformed', 'the parse tree is not consistent');
  walk(root, [], (n, ancestors) => {
    if (n.kind === 'TableIdentifier' && tenantTables.has(n.name)) forbid('table_reference', n.name);
    if (n.kind === 'TableIdentifier' && n.name.includes('.') && !(n.name.startsWith(`${database}.`) && tenantTables.has(n.name.slice(database.length + 1)))) {
      if (!n.name.startsWith('system.')) forbid('database', n.name);
    }
    if (n.kind === 'Identifier' && tenantTables.has(n.name) && isInTable(n, ancestors)) forbid('table_reference', `read ${n.name} with a subquery: x IN (SELECT … FROM ${n.name})`);
  });
}
