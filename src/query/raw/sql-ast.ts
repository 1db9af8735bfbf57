// The engine's own parse tree of a query, read from `EXPLAIN AST` text. Each line is one node:
// indentation gives depth, then the node kind, an optional name (function, identifier, literal),
// an optional alias and a declared child count. The tree is rebuilt and every declared count is
// checked, so a line smuggled in through an identifier (EXPLAIN prints identifiers raw) makes the
// tree inconsistent and the query is refused rather than misread.

export interface AstNode {
  readonly kind: string;
  /** the rest of the line: a function or table name, an identifier, a literal */
  readonly name: string;
  readonly alias: string | undefined;
  readonly children: AstNode[];
  readonly depth: number;
}

const CHILDREN_RE = / \(children (\d+)\)$/;
const ALIAS_RE = / \(alias ([^()]*)\)$/;

interface Line {
  readonly depth: number;
  readonly kind: string;
  readonly name: string;
  readonly alias: string | undefined;
  readonly declared: number;
}

function parseLine(raw: string): Line | undefined {
  const depth = raw.length - raw.trimStart().length;
  let rest = raw.slice(depth);
  if (rest.length === 0 || /^\s/.test(rest)) return undefined;
  let declared = 0;
  const c = CHILDREN_RE.exec(rest);
  if (c) {
    declared = Number(c[1]);
    rest = rest.slice(0, c.index);
  }
  let alias: string | undefined;
  const a = ALIAS_RE.exec(rest);
  if (a) {
    alias = a[1];
    rest = rest.slice(0, a.index);
  }
  const space = rest.indexOf(' ');
  const kind = space === -1 ? rest : rest.slice(0, space);
  const name = space === -1 ? '' : rest.slice(space + 1);
  if (!/^[A-Za-z][A-Za-z0-9_:]*$/.test(kind)) return undefined;
  return { depth, kind, name, alias, declared };
}

/** The tree, or undefined when the text is not one consistent tree. */
export function parseExplainAst(text: string): AstNode | undefined {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return undefined;
  const declared = new Map<AstNode, number>();
  const stack: AstNode[] = [];
  let root: AstNode | undefined;
  for (const raw of lines) {
    const line = parseLine(raw);
    if (!line) return undefined;
    const node: AstNode = { kind: line.kind, name: line.name, alias: line.alias, children: [], depth: line.depth };
    declared.set(node, line.declared);
    if (line.depth === 0) {
      if (root) return undefined; // a second root: more than one statement, or a smuggled line
      root = node;
      stack.length = 0;
      stack.push(node);
      continue;
    }
    if (line.depth > stack.length) return undefined; // skipped a level
    stack.length = line.depth;
    const parent = stack[line.depth - 1];
    if (!parent) return undefined;
    parent.children.push(node);
    stack.push(node);
  }
  for (const [node, count] of declared) if (node.children.length !== count) return undefined;
  return root;
}

/** every node of the tree, depth first */
export function* walk(node: AstNode): Generator<AstNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}
