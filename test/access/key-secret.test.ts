import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashKey, mintKey, mintSecret } from '../../src/access/key-secret.ts';

test('a minted key names its kind and id; only its hash is kept', () => {
  const write = mintKey('write');
  const read = mintKey('read');
  assert.match(write.keyId, /^[0-9a-f]{12}$/);
  assert.match(write.secret, new RegExp(`^tly_w_${write.keyId}_[A-Za-z0-9_-]{32}$`));
  assert.match(read.secret, new RegExp(`^tly_r_${read.keyId}_`));
  assert.notEqual(write.keyId, mintKey('write').keyId);
  assert.match(hashKey(write.secret), /^[0-9a-f]{64}$/);
  assert.notEqual(hashKey(write.secret), hashKey(read.secret));
});

test('rotation mints a new secret for the same key id', () => {
  const { keyId, secret } = mintKey('read');
  const rotated = mintSecret('read', keyId);
  assert.notEqual(rotated, secret);
  assert.ok(rotated.startsWith(`tly_r_${keyId}_`));
});
