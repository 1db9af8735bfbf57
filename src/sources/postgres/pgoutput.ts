// The pgoutput decoder capture reads the stream with: the library's own (pg-logical-replication),
// with inserts — nearly every message of a busy stream — decoded here, at a third of the cost.
// The rows are the library's, value for value, with two differences in form, not in content:
//   - a row is a plain object (the library makes each one a null-prototype object, which the engine
//     keeps in its slow dictionary form), unless a column is named `__proto__`;
//   - a timestamptz in UTC ('2026-11-30 10:00:00.123456+00', the replication session runs in UTC) is
//     the ISO text of the instant the library's Date would hold ('2026-11-30T10:00:00.123Z'), which
//     is what capture makes of a Date anyway. Any other form goes through the library's parser.
// Text is read as UTF-8 as the library reads it, except that a leading U+FEFF is kept (the library's
// TextDecoder drops it from every value). Updates, deletes and every other message are the library's.

import { PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';

/** the type of timestamptz */
export const TIMESTAMPTZ_OID = 1184;
/** 'YYYY-MM-DD hh:mm:ss[.f{1,6}]+00', a year of four digits from 1000 (the library reads years 0-99 apart) */
const UTC_TIME_RE = /^([1-9]\d{3}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?\+00$/;

/** the ISO text of a timestamptz the library would read into a Date, or undefined to let it */
export function utcTimestamptzIso(text: string): string | undefined {
  const m = UTC_TIME_RE.exec(text);
  if (!m) return undefined;
  // the library's own arithmetic: Date.UTC truncates 1000 × the fraction to whole milliseconds
  const ms = m[3] === undefined ? 0 : Math.trunc(1000 * Number.parseFloat(m[3]));
  return `${m[1]}T${m[2]}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

interface Column {
  readonly name: string;
  readonly typeOid: number;
  readonly parser: (raw: string) => unknown;
}

/** the relations the library's parser has read (its `parser` field is private in its types, not in its code) */
function relations(plugin: PgoutputPlugin): ReadonlyMap<number, Pgoutput.MessageRelation> {
  return (plugin as unknown as { parser: { _relationCache: ReadonlyMap<number, Pgoutput.MessageRelation> } }).parser._relationCache;
}

export class CapturePgoutputPlugin extends PgoutputPlugin {
  override parse(buffer: Buffer): Pgoutput.Message {
    // 'I': an insert; anything unexpected in it is left to the library, which says what is wrong
    if (buffer[0] !== 0x49 || buffer.length < 8 || buffer[5] !== 0x4e) return super.parse(buffer);
    const relation = relations(this).get(buffer.readInt32BE(1));
    if (!relation) return super.parse(buffer);
    const row = readInsertTuple(buffer, 6, relation.columns as readonly Column[]);
    return row === undefined ? super.parse(buffer) : { tag: 'insert', relation, new: row };
  }
}

const plain = new WeakMap<readonly Column[], boolean>();

/** a row of these columns can be a plain object: none of them would set its prototype */
function plainRows(columns: readonly Column[]): boolean {
  let ok = plain.get(columns);
  if (ok === undefined) {
    ok = !columns.some((c) => c.name === '__proto__');
    plain.set(columns, ok);
  }
  return ok;
}

/** the tuple at `at` as the library reads it, or undefined when it is not the plain form this reads */
function readInsertTuple(buf: Buffer, at: number, columns: readonly Column[]): Record<string, unknown> | undefined {
  let p = at;
  const n = buf.readInt16BE(p);
  p += 2;
  if (n > columns.length) return undefined;
  const row: Record<string, unknown> = plainRows(columns) ? {} : Object.create(null);
  for (let i = 0; i < n; i++) {
    const column = columns[i];
    const kind = buf[p++];
    if (kind === 0x6e /* n: null */) {
      row[column.name] = null;
    } else if (kind === 0x74 /* t: text */) {
      const size = buf.readInt32BE(p);
      p += 4;
      if (size < 0 || p + size > buf.length) return undefined;
      const text = buf.toString('utf8', p, p + size);
      p += size;
      row[column.name] = (column.typeOid === TIMESTAMPTZ_OID && utcTimestamptzIso(text)) || column.parser(text);
    } else {
      // binary values and unchanged TOAST data do not come in an insert
      return undefined;
    }
  }
  return p === buf.length ? row : undefined;
}
