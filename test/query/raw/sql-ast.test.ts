import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExplainAst, walk } from '../../../src/query/raw/sql-ast.ts';
import { calledNames, tokenize } from '../../../src/query/raw/sql-lexer.ts';

const GOOD = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Function count (alias n) (children 1)
     ExpressionList
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier events (alias e)
`;

test('an EXPLAIN AST text becomes a tree with names and aliases', () => {
  const root = parseExplainAst(GOOD);
  assert.ok(root);
  const nodes = [...walk(root)];
  assert.equal(nodes.length, 10);
  const table = nodes.find((n) => n.kind === 'TableIdentifier');
  assert.deepEqual([table?.name, table?.alias], ['events', 'e']);
  const fn = nodes.find((n) => n.kind === 'Function');
  assert.deepEqual([fn?.name, fn?.alias], ['count', 'n']);
});

test('texts that are not one consistent tree are refused', () => {
  const bad: Array<[string, string]> = [
    ['empty', ''],
    ['two roots', `${GOOD}SelectWithUnionQuery\n`],
    ['a skipped level', 'SelectWithUnionQuery (children 1)\n   ExpressionList\n'],
    ['too few children', 'SelectWithUnionQuery (children 2)\n ExpressionList\n'],
    ['too many children', 'SelectWithUnionQuery (children 1)\n ExpressionList\n ExpressionList\n'],
    ['a line smuggled in by an identifier', GOOD.replace('TableIdentifier events (alias e)', 'TableIdentifier events (alias e)\n TableIdentifier system.tables')],
    ['an indented first line', ' SelectWithUnionQuery\n'],
    ['a kind with odd characters', 'Select(With)Union\n'],
  ];
  for (const [name, text] of bad) assert.equal(parseExplainAst(text), undefined, name);
});

test('the lexer finds every name written like a call, outside strings and quoted names', () => {
  const tokens = tokenize("SELECT f(1), `g` (2), 'h(3)', db.k(4), x AS \"y\" FROM t WHERE a IN (1)");
  assert.ok(tokens);
  assert.deepEqual(calledNames(tokens), ['f', 'g', 'db.k', 'IN']);
  assert.equal(tokenize("SELECT 'unterminated"), undefined);
  assert.equal(tokenize('SELECT `unterminated'), undefined);
  assert.deepEqual(tokenize("'a\\'b''c'")?.map((t) => t.text), ["a'b'c"]);
});
