import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError, forbiddenReasonOf, isClientSideStoreError, isDataRefusalCode, isTransientCode, limitReasonOf } from '../../src/store/index.ts';

test('engine error codes are classified in one place', () => {
  const err = (code: number) => new StoreError('x', code);
  assert.equal(isClientSideStoreError(err(62)), true, 'SYNTAX_ERROR is the query, not the engine');
  assert.equal(isClientSideStoreError(err(210)), false);
  assert.equal(isClientSideStoreError(new Error('Code: 62')), false, 'only store errors carry a code');
  assert.equal(isDataRefusalCode(27), true);
  assert.equal(isDataRefusalCode(210), false);
  assert.equal(isDataRefusalCode(undefined), false);
  assert.equal(isTransientCode(210), true);
  assert.equal(isTransientCode(62), false);
  assert.equal(limitReasonOf(241), 'memory');
  assert.equal(limitReasonOf(62), undefined);
  assert.equal(forbiddenReasonOf(164), 'readonly');
});
