// Filters shared by every insight: each operator on properties of every JSON type, on context
// columns and on event fields selects exactly the events a plain TypeScript reading of the same
// definition selects; invalid filters are refused with a code before any SQL runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyError } from '../../src/errors.ts';
import { ParamBag, compileFilters, fieldExpr, type Filter } from '../../src/query/index.ts';
import { createApp, startTestTally } from '../helpers/tally.ts';
import { matchesAll, type RefEvent } from '../helpers/reference.ts';

const BASE = Date.parse('2026-09-01T00:00:00.000Z');
const PROPS: Array<Record<string, unknown>> = [
  { s: 'Hello World', num: 5, numstr: '42', flag: true, nul: null, arr: [1, 2], obj: { a: 1 } },
  { s: 'hello', num: 12.5, numstr: 'x42', flag: false },
  { s: '', num: -3, numstr: '7' },
  { num: 0, flag: 'true', s: 'HELLO' },
  {},
  { s: 'other', num: 5.0, numstr: '5' },
];
const COUNTRIES = ['us', 'DE', '', 'de', 'BR', ''];

const events: RefEvent[] = PROPS.map((p, i) => ({
  event_name: i % 2 === 0 ? 'view' : 'click',
  user_id: `u${i}`,
  session_id: i < 3 ? `s${i}` : '',
  timestamp: new Date(BASE + i * 60_000).toISOString(),
  properties: { i, ...p },
  context: COUNTRIES[i] ? { country: COUNTRIES[i] } : {},
}));

const CASES: Filter[] = [
  { property: 's', op: 'eq', value: 'hello' },
  { property: 's', op: 'neq', value: 'hello' },
  { property: 's', op: 'contains', value: 'HELLO' },
  { property: 's', op: 'contains', value: 'wor' },
  { property: 's', op: 'in', value: ['hello', 'other', ''] },
  { property: 's', op: 'is_set' },
  { property: 's', op: 'not_set' },
  { property: 'num', op: 'eq', value: 5 },
  { property: 'num', op: 'gt', value: 0 },
  { property: 'num', op: 'gte', value: 5 },
  { property: 'num', op: 'lt', value: 5 },
  { property: 'num', op: 'lte', value: -3 },
  { property: 'num', op: 'in', value: [5, 12.5] },
  { property: 'numstr', op: 'gt', value: 6 },
  { property: 'numstr', op: 'lte', value: 42 },
  { property: 'flag', op: 'eq', value: true },
  { property: 'flag', op: 'eq', value: 'true' },
  { property: 'flag', op: 'neq', value: false },
  { property: 'nul', op: 'is_set' },
  { property: 'nul', op: 'gt', value: -1 },
  { property: 'arr', op: 'eq', value: '[1,2]' },
  { property: 'obj', op: 'contains', value: '"a"' },
  { property: 'missing', op: 'neq', value: 'x' },
  { property: 'missing', op: 'lt', value: 100 },
  { property: 'country', source: 'context', op: 'eq', value: 'DE' },
  { property: 'country', source: 'context', op: 'is_set' },
  { property: 'country', source: 'context', op: 'not_set' },
  { property: 'country', source: 'context', op: 'in', value: ['US', 'BR'] },
  { property: 'event_name', source: 'event', op: 'eq', value: 'click' },
  { property: 'session_id', source: 'event', op: 'not_set' },
  { property: 'user_id', source: 'event', op: 'contains', value: 'U1' },
];

test('filters select what the reference selects, and reject what they cannot mean', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, 'filters');
  const receipt = await tally.ingest.ingest(events.map((e) => ({ app_id: 'filters', ...e })), {});
  assert.equal(receipt.rejected.length, 0, JSON.stringify(receipt.rejected));

  const selected = async (filters: Filter[]) => {
    const params = new ParamBag();
    const rows = await tally.store.query<{ i: number }>(
      `SELECT JSONExtractInt(properties, 'i') AS i FROM events WHERE app_id = 'filters' AND ${compileFilters(filters, params)} ORDER BY i`,
      params.values,
    );
    return rows.map((r) => r.i);
  };
  const expected = (filters: Filter[]) => events.filter((e) => matchesAll(e, filters)).map((e) => e.properties.i as number);

  await t.test('each operator, alone', async () => {
    for (const f of CASES) assert.deepEqual(await selected([f]), expected([f]), JSON.stringify(f));
  });

  await t.test('several filters are ANDed', async () => {
    const combos: Filter[][] = [
      [CASES[2], CASES[8]],
      [CASES[5], CASES[24], CASES[28]],
      [CASES[12], CASES[29]],
    ];
    for (const fs of combos) assert.deepEqual(await selected(fs), expected(fs), JSON.stringify(fs));
  });

  await t.test('no filters select everything', async () => {
    assert.equal(compileFilters(undefined, new ParamBag()), '1');
    assert.equal((await selected([])).length, events.length);
  });

  await t.test('user text only ever reaches the engine as a bound parameter', () => {
    const params = new ParamBag();
    const sql = compileFilters([{ property: "x') OR 1=1 --", op: 'eq', value: "'; DROP TABLE events" }], params);
    assert.ok(!sql.includes('DROP') && !sql.includes('1=1'), sql);
    assert.deepEqual(Object.values(params.values).sort(), ["'; DROP TABLE events", "x') OR 1=1 --"].sort());
  });

  await t.test('invalid filters are refused with TALLY_ERR_QUERY_INVALID', () => {
    const invalid: Array<[string, Filter]> = [
      ['unknown context column', { property: 'password', source: 'context', op: 'eq', value: 'x' }],
      ['unknown event field', { property: 'properties', source: 'event', op: 'is_set' }],
      ['comparison without a number', { property: 'num', op: 'gt', value: 'abc' }],
      ['comparison without a value', { property: 'num', op: 'lt' }],
      ['in without values', { property: 's', op: 'in', value: [] }],
      ['in without a value', { property: 's', op: 'in' }],
      ['eq with a list', { property: 's', op: 'eq', value: ['a', 'b'] }],
      ['contains without a value', { property: 's', op: 'contains' }],
      ['unknown operator', { property: 's', op: 'like' as Filter['op'], value: 'x' }],
    ];
    for (const [why, f] of invalid) {
      assert.throws(
        () => compileFilters([f], new ParamBag()),
        (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_QUERY_INVALID',
        why,
      );
    }
    assert.throws(() => fieldExpr('nope', 'context', new ParamBag()), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_QUERY_INVALID');
  });
});
