// A small lexer for the engine's canonical query text (the output of formatQuery): strings,
// quoted identifiers, words, numbers and punctuation. The SQL guard uses it as a second, independent
// look at the query: every name called like a function must be on the allow-list even if some part
// of the parse tree does not show it, and a few words may not appear at all.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** words and quoted identifiers unquoted; strings without their quotes; punctuation as is */
  readonly text: string;
  /** where the token stands in the text: [start, end) */
  readonly start: number;
  readonly end: number;
}

function readQuoted(sql: string, start: number, quote: string): { text: string; end: number } | undefined {
  let out = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\') {
      if (i + 1 >= sql.length) return undefined;
      out += sql[i + 1];
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return { text: out, end: i + 1 };
    }
    out += ch;
    i++;
  }
  return undefined;
}

/** The tokens, or undefined when a string or quoted name never closes. */
export function tokenize(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '`' || ch === '"') {
      const q = readQuoted(sql, i, ch);
      if (!q) return undefined;
      tokens.push({ kind: ch === "'" ? 'string' : 'quoted', text: q.text, start: i, end: q.end });
      i = q.end;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 256));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], start: i, end: i + word[0].length });
      i += word[0].length;
      continue;
    }
    const num = /^[0-9][0-9a-zA-Z_.]*/.exec(sql.slice(i, i + 256));
    if (num) {
      tokens.push({ kind: 'number', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

/** names written like calls: a word or quoted identifier followed by '(' */
export function calledNames(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if ((t.kind === 'word' || t.kind === 'quoted') && tokens[i + 1].kind === 'punct' && tokens[i + 1].text === '(') {
      // a qualified call like db.f( is never allowed: report the full dotted name
      if (i >= 2 && tokens[i - 1].text === '.' && tokens[i - 1].kind === 'punct') names.push(`${tokens[i - 2].text}.${t.text}`);
      else names.push(t.text);
    }
  }
  return names;
}

/** Words of SQL syntax that may stand before '(' without being a function. */
export const SYNTAX_BEFORE_PAREN = new Set(
  [
    'AND', 'OR', 'NOT', 'IN', 'AS', 'ON', 'USING', 'OVER', 'FILTER', 'FROM', 'JOIN', 'WHERE', 'HAVING', 'PREWHERE', 'BY',
    'SELECT', 'WITH', 'THEN', 'ELSE', 'WHEN', 'CASE', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'ALL', 'ANY', 'DISTINCT', 'UNION',
    'EXCEPT', 'INTERSECT', 'LIMIT', 'OFFSET', 'REPLACE', 'QUALIFY', 'WINDOW', 'INTERPOLATE', 'STEP', 'TO', 'FILL',
    'SETS', 'ROLLUP', 'CUBE', 'GLOBAL', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'SEMI', 'ANTI', 'ASOF',
    'PASTE', 'ARRAY', 'ROWS', 'RANGE', 'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW', 'UNBOUNDED', 'PARTITION', 'ORDER',
    'GROUP', 'TOTALS', 'TIES', 'COLLATE', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'FINAL', 'SAMPLE', 'RECURSIVE',
    'INTERVAL', 'EXISTS', 'COLUMNS',
  ],
);
