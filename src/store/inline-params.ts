// Binds {name:Type} placeholders on this side, as typed literals: `{from:DateTime64(3, 'UTC')}`
// becomes `CAST('2026-10-01 00:00:00.000' AS DateTime64(3, 'UTC'))`.
//
// Why not the engine's own binding: the embedded engine keeps query-parameter state per process,
// not per session, so its binding library runs every parameterized statement of the process one
// after another — a parameterized insight would then wait behind another tenant's raw query on a
// different session. Statements with literals run on their sessions at once.
//
// Safety rests on two rules, both here: values only ever become string literals escaped for the
// engine's lexer (backslash first, then the quote) or finite numbers; and placeholders are found
// only in SQL code, never inside string literals, quoted names or comments.

import { StoreError, type QueryParams } from './connection.ts';

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** a single-quoted literal the engine reads back as exactly `s` */
export function quoteString(s: string): string {
  let out = "'";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const rep = ESCAPES[s[i]];
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return `${out}${s.slice(last)}'`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** the engine literal of a JS value (strings quoted, arrays bracketed, dates in engine text form) */
export function literal(value: unknown, name: string): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new StoreError(`parameter ${name}: not a finite number`, 457);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new StoreError(`parameter ${name}: invalid date`, 457);
    const d = value;
    return quoteString(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`);
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, name)).join(', ')}]`;
  throw new StoreError(`parameter ${name}: unsupported value type ${typeof value}`, 457);
}

const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*):([^{}'"`]+(?:'[^'\\]*'[^{}'"`]*)*)\}/y;

/** the end of the string literal, quoted name or comment starting at `i`, or -1 if none starts there */
function skipOpaque(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"' || ch === '`') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === '\\') j += 2;
      else if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2;
        else return j + 1;
      } else j++;
    }
    throw new StoreError('unterminated quote in statement', 62);
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    if (end === -1) throw new StoreError('unterminated comment in statement', 62);
    return end + 2;
  }
  return -1;
}

/** `sql` with every placeholder replaced by a typed literal of its value */
export function inlineParams(sql: string, params: QueryParams): string {
  if (Object.keys(params).length === 0) return sql;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < sql.length) {
    const opaqueEnd = skipOpaque(sql, i);
    if (opaqueEnd !== -1) {
      i = opaqueEnd;
      continue;
    }
    if (sql[i] === '{') {
      PLACEHOLDER_RE.lastIndex = i;
      const m = PLACEHOLDER_RE.exec(sql);
      if (m) {
        const [whole, name, type] = m;
        if (!Object.hasOwn(params, name)) throw new StoreError(`Substitution \`${name}\` is not set`, 456);
        out += `${sql.slice(copied, i)}CAST(${literal(params[name], name)} AS ${type})`;
        i += whole.length;
        copied = i;
        continue;
      }
    }
    i++;
  }
  return out + sql.slice(copied);
}
