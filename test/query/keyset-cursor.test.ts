import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTallyError } from '../../src/errors.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../src/query/keyset-cursor.ts';
import { FORGED_CURSORS } from '../helpers/forged-cursors.ts';

test('a cursor decodes back to the position it was made from', () => {
  for (const position of [
    { timeMs: 0, id: '00000000-0000-0000-0000-000000000000' },
    { timeMs: Date.parse('2026-10-01T12:00:00.123Z'), id: '01a0f755-f2fa-757c-8f8e-5c403d8771a3' },
    { timeMs: Date.UTC(2299, 11, 31, 23, 59, 59, 999), id: 'ffffffff-ffff-8fff-bfff-ffffffffffff' },
  ]) {
    assert.deepEqual(decodeKeysetCursor(encodeKeysetCursor(position)), position);
  }
});

for (const [what, cursor] of FORGED_CURSORS) {
  test(`robustness: a cursor with ${what} is refused with TALLY_ERR_CURSOR_INVALID`, () => {
    assert.throws(() => decodeKeysetCursor(cursor), (err) => isTallyError(err) && err.code === 'TALLY_ERR_CURSOR_INVALID');
  });
}
