import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { frameRecord, openLogSegments } from '../../../src/ingest/log/log-segments.ts';
import { tempDir } from '../../helpers/tally.ts';

function dir(t: { after(fn: () => void): void }): string {
  const d = tempDir('tally-log-');
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const text = (records: ReadonlyArray<{ payload: Buffer }>) => records.map((r) => r.payload.toString());

test('records appended come back at the next open, in order, until the checkpoint passes them', async (t) => {
  const d = dir(t);
  const log = await openLogSegments({ dir: d, fsync: true });
  assert.deepEqual(log.recovery.records, []);
  const a = await log.append(Buffer.from('a\n'));
  await log.append(Buffer.from('b\n'));
  await log.close();

  const again = await openLogSegments({ dir: d, fsync: true });
  assert.deepEqual(text(again.recovery.records), ['a\n', 'b\n']);
  assert.equal(again.recovery.truncatedBytes, 0);
  // the store holds `a`: only `b` is replayed after that
  again.checkpoint(a);
  await again.append(Buffer.from('c\n'));
  await again.close();
  const third = await openLogSegments({ dir: d, fsync: true });
  assert.deepEqual(text(third.recovery.records), ['b\n', 'c\n']);
  third.checkpoint(third.recovery.records[1].end);
  await third.close();
  const fourth = await openLogSegments({ dir: d, fsync: true });
  assert.deepEqual(fourth.recovery.records, []);
  await fourth.close();
});

test('a torn tail (an append a crash cut short) and a corrupt record are cut off; what precedes them stays', async (t) => {
  for (const damage of ['torn header', 'torn payload', 'bad checksum', 'absurd length']) {
    const d = dir(t);
    const log = await openLogSegments({ dir: d, fsync: false });
    await log.append(Buffer.from('kept-1\n'));
    await log.append(Buffer.from('kept-2\n'));
    await log.close();
    const [segment] = readdirSync(d).filter((f) => f.endsWith('.log'));
    const file = path.join(d, segment);
    const sizeBefore = statSync(file).size;
    const framed = frameRecord(Buffer.from('lost\n'));
    if (damage === 'torn header') appendFileSync(file, framed.subarray(0, 5));
    if (damage === 'torn payload') appendFileSync(file, framed.subarray(0, framed.length - 2));
    if (damage === 'bad checksum') appendFileSync(file, Buffer.concat([framed.subarray(0, 4), Buffer.from([1, 2, 3, 4]), framed.subarray(8)]));
    if (damage === 'absurd length') appendFileSync(file, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1]));
    const again = await openLogSegments({ dir: d, fsync: false });
    assert.deepEqual(text(again.recovery.records), ['kept-1\n', 'kept-2\n'], damage);
    assert.ok(again.recovery.truncatedBytes > 0, damage);
    assert.equal(statSync(file).size, sizeBefore, `${damage}: the damaged tail is removed from the file`);
    await again.append(Buffer.from('after\n'));
    await again.close();
    const third = await openLogSegments({ dir: d, fsync: false });
    assert.deepEqual(text(third.recovery.records), ['kept-1\n', 'kept-2\n', 'after\n'], damage);
    await third.close();
  }
});

test('segments roll over at their size, and the checkpoint removes the ones it has passed', async (t) => {
  const d = dir(t);
  const log = await openLogSegments({ dir: d, fsync: false, segmentBytes: 100 });
  const ends = [];
  for (let i = 0; i < 10; i++) ends.push(await log.append(Buffer.from(`${'x'.repeat(40)}${i}\n`)));
  const segments = () => readdirSync(d).filter((f) => f.endsWith('.log')).length;
  assert.ok(segments() >= 4, `${segments()} segments`);
  await log.checkpoint(ends[7]);
  assert.ok(segments() <= 2, `${segments()} segments left`);
  assert.equal(readFileSync(path.join(d, 'loaded'), 'utf8'), `${ends[7].segment} ${ends[7].offset}\n`);
  await log.close();
  const again = await openLogSegments({ dir: d, fsync: false, segmentBytes: 100 });
  assert.deepEqual(text(again.recovery.records), [`${'x'.repeat(40)}8\n`, `${'x'.repeat(40)}9\n`]);
  await again.close();
});

test('checkpoints asked for while one is being written end at the latest; close waits for it', async (t) => {
  const d = dir(t);
  const log = await openLogSegments({ dir: d, fsync: false, segmentBytes: 100 });
  const ends = [];
  for (let i = 0; i < 10; i++) ends.push(await log.append(Buffer.from(`${'x'.repeat(40)}${i}\n`)));
  // written in the background, one at a time: every position asked for resolves, the last one is on disk
  const written = [log.checkpoint(ends[2]), log.checkpoint(ends[5]), log.checkpoint(ends[8])];
  await Promise.all(written);
  assert.equal(readFileSync(path.join(d, 'loaded'), 'utf8'), `${ends[8].segment} ${ends[8].offset}\n`);
  void log.checkpoint(ends[9]);
  await log.close();
  assert.equal(readFileSync(path.join(d, 'loaded'), 'utf8'), `${ends[9].segment} ${ends[9].offset}\n`);
  const again = await openLogSegments({ dir: d, fsync: false, segmentBytes: 100 });
  assert.deepEqual(again.recovery.records, []);
  await again.close();
});

test('a checkpoint file that cannot be read replays the whole log (replay is idempotent, a gap is not)', async (t) => {
  const d = dir(t);
  const log = await openLogSegments({ dir: d, fsync: false });
  const a = await log.append(Buffer.from('a\n'));
  await log.append(Buffer.from('b\n'));
  log.checkpoint(a);
  await log.close();
  writeFileSync(path.join(d, 'loaded'), 'garbage');
  const again = await openLogSegments({ dir: d, fsync: false });
  assert.deepEqual(text(again.recovery.records), ['a\n', 'b\n']);
  await again.close();
});
