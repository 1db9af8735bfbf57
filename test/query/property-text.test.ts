// A property's text as every filter and breakdown reads it (jsonMemberText): strings unquoted, other
// JSON values as their JSON text, null as 'null', '' when absent. Checked in the engine against the
// reference reading on generated objects, since the SQL takes a short cut for empty answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonMemberText } from '../../src/query/sql.ts';
import { propertyText, type RefEvent } from '../helpers/reference.ts';
import { testEngine } from '../helpers/tally.ts';

const KEYS = ['k', 'null', 'other'];
// numbers stay where JSON.stringify and the engine write them alike (no exponent above 1e21)
const leaf = fc.oneof(
  fc.constantFrom('', 'null', ' null ', '"null"', 'a "quoted" \\ text', 'é\n', '{}', '0'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 3 }));
const properties = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 });

test('a property reads as the reference reads it, whatever JSON value it holds', async (t) => {
  const conn = testEngine(t);
  const read = async (objects: string[], key: string) =>
    (await conn.query<{ v: string[] }>(`SELECT arrayMap(p -> ${jsonMemberText('p', '{key:String}')}, {ps:Array(String)}) AS v`, { ps: objects, key }))[0].v;

  await fc.assert(
    fc.asyncProperty(fc.array(properties, { minLength: 1, maxLength: 20 }), fc.constantFrom(...KEYS), async (objects, key) => {
      const texts = objects.map((p) => JSON.stringify(p));
      const expected = objects.map((p) => propertyText({ properties: p } as RefEvent, key));
      assert.deepEqual(await read(texts, key), expected);
    }),
    { numRuns: 150 },
  );

  // the cases the short cut turns on: an empty answer with and without "null" in the text
  const fixed = [{ k: null }, { k: '' }, {}, { k: '', o: 'null' }, { k: '', o: null }, { o: null }, { k: 'null' }, { k: [null] }];
  assert.deepEqual(await read(fixed.map((p) => JSON.stringify(p)), 'k'), ['null', '', '', '', '', '', 'null', '[null]']);
});
