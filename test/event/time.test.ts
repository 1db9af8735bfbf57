import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseEngineTime, parseWireTimestamp, toEngineTime } from '../../src/event/index.ts';

test('the canonical ISO form is read exactly, for every representable moment', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2299, 11, 31, 23, 59, 59, 999) }), (ms) => {
      const text = new Date(ms).toISOString();
      assert.equal(parseWireTimestamp(text), ms);
      // the same moment with an explicit offset takes the general path and agrees
      assert.equal(parseWireTimestamp(text.replace('Z', '+00:00')), ms);
    }),
    { numRuns: 2000 },
  );
});

test('an impossible calendar moment in the canonical form is refused, not rolled over', () => {
  for (const text of [
    '2023-02-29T00:00:00.000Z',
    '2023-02-31T00:00:00.000Z',
    '2023-04-31T10:00:00.000Z',
    '2100-02-29T00:00:00.000Z',
    '2023-01-01T24:00:00.000Z',
    '2023-01-01T23:60:00.000Z',
    '2023-01-01T23:59:60.000Z',
    '2023-13-01T00:00:00.000Z',
    '2023-00-10T00:00:00.000Z',
    '2023-01-00T00:00:00.000Z',
    '2023-01-0aT00:00:00.000Z',
    '2023-01-01T00:00:00.00aZ',
    '2023-01-01 00:00:00.000Z',
  ]) {
    assert.equal(parseWireTimestamp(text), undefined, text);
  }
  assert.equal(parseWireTimestamp('2024-02-29T00:00:00.000Z'), Date.UTC(2024, 1, 29));
  assert.equal(parseWireTimestamp('2000-02-29T23:59:59.999Z'), Date.UTC(2000, 1, 29, 23, 59, 59, 999));
});

test('engine time text is read exactly for every moment DateTime64(3) holds, and anything else is NaN', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2299, 11, 31, 23, 59, 59, 999) }), (ms) => {
      assert.equal(parseEngineTime(toEngineTime(ms)), ms);
    }),
    { numRuns: 2000 },
  );
  for (const text of [
    '2023-02-29 00:00:00.000',
    '2023-02-31 00:00:00.000',
    '2100-02-29 00:00:00.000',
    '2023-01-01 24:00:00.000',
    '2023-01-01 23:60:00.000',
    '2023-01-01 23:59:60.000',
    '2023-13-01 00:00:00.000',
    '2023-00-10 00:00:00.000',
    '2023-01-00 00:00:00.000',
    '2023-01-01 00:00:00.00a',
    '2023-01-01 00:00:00.-01',
    '2023-01-01T00:00:00.000',
    '2023-01-01 00:00:00.000Z',
    '2023-01-01 00:00:00',
    '2023/01/01 00:00:00.000',
    '1969-12-31 23:59:59.999',
    '2300-01-01 00:00:00.000',
    '',
  ]) {
    assert.ok(Number.isNaN(parseEngineTime(text)), text);
  }
  assert.equal(parseEngineTime('2024-02-29 23:59:59.999'), Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  assert.equal(parseEngineTime('1970-01-01 00:00:00.000'), 0);
});
