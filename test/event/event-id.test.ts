import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { deriveEventId, isUuid } from '../../src/event/index.ts';

// A derived id is a contract across versions: a row captured again, an event re-sent without an id
// after an upgrade, must get the id it got before, or it is stored twice.

test('derived ids are the ones earlier versions derived', () => {
  const pinned: Array<[number, string, string]> = [
    [0, '', '00000000-0000-73b0-8442-98fc1c149afb'],
    [1764498000123, 'cdc\u0000public.concept_events\u000042', '019ad446-c8fb-7ec2-a6b7-0d077f50fd7e'],
    [2 ** 48 - 1, 'é✓𝄞', 'ffffffff-ffff-7ec6-8f62-bb75f83e22d3'],
    [1700000000000.7, 'a', '018bcfe5-6800-7a97-8112-ca1bbdcafac2'],
    [-5, 'neg', '00000000-0000-7a34-b521-b2c2ee9c4d09'],
  ];
  for (const [ms, content, id] of pinned) assert.equal(deriveEventId(ms, content), id, JSON.stringify(content));
});

/** the layout written byte by byte: 48 bits of ms, then the digest's first 10 bytes with version 7 and variant 10 */
function byteLayout(ms: number, content: string): string {
  const digest = hash('sha256', content, 'buffer');
  const b = new Uint8Array(16);
  b.set(digest.subarray(0, 10), 6);
  const t = Math.max(0, Math.floor(ms));
  b[0] = Math.floor(t / 2 ** 40) & 0xff;
  b[1] = Math.floor(t / 2 ** 32) & 0xff;
  b[2] = (t >>> 24) & 0xff;
  b[3] = (t >>> 16) & 0xff;
  b[4] = (t >>> 8) & 0xff;
  b[5] = t & 0xff;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

test('a derived id is the UUID v7 layout of its time and content hash, for any time and content', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.string({ unit: 'binary', maxLength: 80 }), (ms, content) => {
      const id = deriveEventId(ms, content);
      assert.equal(id, byteLayout(ms, content));
      assert.ok(isUuid(id));
      assert.equal(id[14], '7');
      assert.ok('89ab'.includes(id[19]));
    }),
    { numRuns: 3000 },
  );
});
