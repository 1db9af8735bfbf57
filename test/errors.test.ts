import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorRegistry, formatMessage, TallyError } from '../src/errors.ts';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `(TALLY_ERR_[A-Z_]+)` \| (\d{3}) \| (yes|no) \|/gm)].map((m) => [m[1], { status: Number(m[2]), retry: m[3] === 'yes' }]));

test('every registered error code is documented in docs/errors.md with its status and retry flag', () => {
  for (const [code, spec] of Object.entries(errorRegistry)) {
    assert.deepEqual(documented.get(code), { status: spec.status, retry: spec.canRetry }, code);
  }
});

test('docs/errors.md documents no code that does not exist', () => {
  for (const code of documented.keys()) assert.ok(Object.hasOwn(errorRegistry, code), code);
});

test('messages fill their templates and errors carry status and retry flag', () => {
  assert.equal(formatMessage('TALLY_ERR_REQUEST_TOO_MANY_EVENTS', [500]), 'a batch may hold at most 500 events');
  const e = new TallyError('TALLY_ERR_INGEST_OVERLOADED', [2], { retryAfterSeconds: 2 });
  assert.equal(e.status, 503);
  assert.equal(e.canRetry, true);
  assert.equal(e.retryAfterSeconds, 2);
});
