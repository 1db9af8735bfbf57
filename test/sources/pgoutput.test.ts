import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PgoutputPlugin } from 'pg-logical-replication';
import { CapturePgoutputPlugin, utcTimestamptzIso } from '../../src/sources/postgres/pgoutput.ts';

// The capture's decoder against the library's, on pgoutput messages built byte by byte as
// PostgreSQL writes them (protocol-logicalrep-message-formats): the same rows, a Date being the
// ISO text of its instant.

const OID = { bool: 16, int8: 20, int4: 23, text: 25, json: 114, float8: 701, timestamp: 1114, timestamptz: 1184, uuid: 2950 };

const cstring = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

function relationMessage(oid: number, columns: ReadonlyArray<readonly [string, number]>): Buffer {
  return Buffer.concat([Buffer.from('R'), int32(oid), cstring('public'), cstring('t'), Buffer.from('d'), int16(columns.length), ...columns.map(([name, type], i) => Buffer.concat([Buffer.from([i === 0 ? 1 : 0]), cstring(name), int32(type), int32(-1)]))]);
}

function insertMessage(oid: number, values: ReadonlyArray<string | null>): Buffer {
  const parts = values.map((v) => (v === null ? Buffer.from('n') : Buffer.concat([Buffer.from('t'), int32(Buffer.byteLength(v)), Buffer.from(v, 'utf8')])));
  return Buffer.concat([Buffer.from('I'), int32(oid), Buffer.from('N'), int16(values.length), ...parts]);
}

/** a row's values with each Date as the text capture makes of it (in a null-prototype object: any column name is a key) */
function asCaptured(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

function pair(columns: ReadonlyArray<readonly [string, number]>) {
  const ours = new CapturePgoutputPlugin({ protoVersion: 1, publicationNames: ['p'] });
  const theirs = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['p'] });
  const relation = relationMessage(16385, columns);
  ours.parse(relation);
  theirs.parse(relation);
  return (values: ReadonlyArray<string | null>) => {
    const message = insertMessage(16385, values);
    const a = ours.parse(message);
    const b = theirs.parse(message);
    assert.equal(a.tag, 'insert');
    assert.equal(b.tag, 'insert');
    if (a.tag !== 'insert' || b.tag !== 'insert') throw new Error('not inserts');
    assert.deepEqual(a.relation, b.relation);
    return { row: a.new, ours: asCaptured(a.new), theirs: asCaptured(b.new) };
  };
}

const COLUMNS = [['id', OID.int8], ['user_id', OID.uuid], ['concept', OID.text], ['n', OID.int4], ['ok', OID.bool], ['score', OID.float8], ['doc', OID.json], ['at', OID.timestamptz], ['local', OID.timestamp]] as const;

test('an insert decodes to the library row, type by type, nulls included', () => {
  const decode = pair(COLUMNS);
  const cases: Array<Array<string | null>> = [
    ['9007199254740993', '0b5e1f9c-58a4-4d2f-9e0a-000000000001', 'concept_3', '-42', 't', '0.37', '{"a":[1,2]}', '2026-11-30 10:00:00.123456+00', '2026-11-30 10:00:00.5'],
    ['1', '0b5e1f9c-58a4-4d2f-9e0a-000000000002', 'é✓𝄞 "quoted" \\ back', '0', 'f', 'NaN', 'null', '2026-11-30 10:00:00+00', '1999-01-08 04:05:06'],
    ['2', null, '', null, null, null, null, null, null],
    // other zones and forms take the library's parser
    ['3', null, 'x', '7', 't', '1e300', '{}', '2026-11-30 15:30:00.25+05:30', null],
    ['4', null, 'x', '7', 't', '-0', '[]', '0099-06-01 00:00:00+00', null],
    ['5', null, 'x', '7', 't', '2', '1', '2020-01-01 00:00:00+00 BC', null],
    ['6', null, 'x', '7', 't', '2', '1', 'infinity', null],
  ];
  for (const values of cases) {
    const { row, ours, theirs } = decode(values);
    assert.deepEqual(ours, theirs, JSON.stringify(values));
    assert.equal(Object.getPrototypeOf(row), Object.prototype, 'a plain object');
  }
});

test('a column named __proto__ is a value, never the row prototype', () => {
  const decode = pair([['id', OID.int8], ['__proto__', OID.text]]);
  const { row, ours, theirs } = decode(['1', 'x']);
  assert.equal(Object.getPrototypeOf(row), null);
  assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'x');
  assert.deepEqual(ours, theirs);
});

test('a UTC timestamptz reads as the instant the library reads, for any moment and precision', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }), (ms, micros, digits) => {
      const seconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const fraction = digits === 0 ? '' : `.${String(micros).padStart(6, '0').slice(0, digits)}`;
      const text = `${seconds}${fraction}+00`;
      const library = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['p'] });
      library.parse(relationMessage(1, [['at', OID.timestamptz]]));
      const row = library.parse(insertMessage(1, [text]));
      if (row.tag !== 'insert') throw new Error('not an insert');
      assert.equal(utcTimestamptzIso(text), (row.new.at as Date).toISOString(), text);
    }),
    { numRuns: 3000 },
  );
});

test('what the decoder does not read as an insert is the library’s to read or refuse', () => {
  const ours = new CapturePgoutputPlugin({ protoVersion: 1, publicationNames: ['p'] });
  // an insert of a relation never announced: the library's error
  assert.throws(() => ours.parse(insertMessage(77, ['1'])), /missing relation/);
  ours.parse(relationMessage(5, [['id', OID.int8]]));
  // a value cut short: the library's error, not a row of garbage
  const cut = insertMessage(5, ['12345']);
  assert.throws(() => ours.parse(cut.subarray(0, cut.length - 2)), /unexpected end/);
  // more values than columns: the library's reading
  const theirs = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['p'] });
  theirs.parse(relationMessage(5, [['id', OID.int8]]));
  const wide = insertMessage(5, ['1', '2']);
  assert.throws(() => theirs.parse(wide));
  assert.throws(() => ours.parse(wide));
});
