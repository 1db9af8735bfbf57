// The ingest log's files: numbered segments of framed records, and a checkpoint naming how far
// the store holds them. A record is `[u32 length][u32 crc32][payload]` (little endian), appended
// and flushed to the disk (fdatasync) before anyone is told it is there; a torn or corrupt tail —
// what a crash in the middle of an append leaves — is cut off when the log is opened, and nothing
// before it is touched. The checkpoint is written without fsync on purpose: a stale one only
// makes the next start replay records the store already holds, and replay is idempotent.

import { closeSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, ftruncateSync } from 'node:fs';
import { open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** a place in the log: the segment's number and a byte offset in it */
export interface LogPosition {
  readonly segment: number;
  readonly offset: number;
}

export interface LogRecord {
  readonly payload: Buffer;
  /** where the record ends: once the store holds it, the checkpoint may move here */
  readonly end: LogPosition;
}

export interface LogSegmentsOptions {
  readonly dir: string;
  /** fdatasync each append before it resolves (TALLY_FSYNC) */
  readonly fsync: boolean;
  /** start a new segment once the current one passes this size (default 64 MiB) */
  readonly segmentBytes?: number;
}

/** what opening found: the records after the checkpoint, and what was cut off */
export interface LogRecovery {
  readonly records: LogRecord[];
  /** bytes of torn or corrupt records removed (an append a crash interrupted) */
  readonly truncatedBytes: number;
}

const HEADER_BYTES = 8;
/** no record is larger: a length beyond it is a torn header, not a record */
export const MAX_RECORD_BYTES = 1 << 30;
const CHECKPOINT = 'loaded';

const segmentName = (n: number) => `${String(n).padStart(12, '0')}.log`;

/** the numbers of the segments among a directory's file names, in order */
function segmentNumbers(names: readonly string[]): number[] {
  return names
    .filter((f) => /^\d{12}\.log$/.test(f))
    .map((f) => Number(f.slice(0, 12)))
    .sort((a, b) => a - b);
}

function listSegments(dir: string): number[] {
  return segmentNumbers(readdirSync(dir));
}

function readCheckpoint(dir: string): LogPosition {
  try {
    const [segment, offset] = readFileSync(join(dir, CHECKPOINT), 'utf8').trim().split(' ').map(Number);
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) return { segment, offset };
  } catch {
    // no checkpoint yet: everything in the log is replayed
  }
  return { segment: 0, offset: 0 };
}

/** a record's header: the payload's length and CRC-32 */
function recordHeader(payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return header;
}

/** a record as it is on disk: header, then payload */
export function frameRecord(payload: Buffer): Buffer {
  return Buffer.concat([recordHeader(payload), payload]);
}

/** the whole records in `bytes` from `from`, and where the valid part ends */
function readRecords(bytes: Buffer, segment: number, from: number): { records: LogRecord[]; validEnd: number } {
  const records: LogRecord[] = [];
  let at = from;
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > bytes.length) break;
    const payload = bytes.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break;
    records.push({ payload, end: { segment, offset: end } });
    at = end;
  }
  return { records, validEnd: at };
}

/**
 * Opens (creating) the log in `dir`: cuts off a torn tail, drops segments the checkpoint has
 * passed, and returns the records the store may not hold yet together with the appender.
 */
export async function openLogSegments(options: LogSegmentsOptions) {
  const { dir, fsync } = options;
  const segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
  mkdirSync(dir, { recursive: true });
  const checkpoint = readCheckpoint(dir);
  const records: LogRecord[] = [];
  let truncatedBytes = 0;
  let segments = listSegments(dir);
  for (const n of segments) {
    if (n < checkpoint.segment) {
      rmSync(join(dir, segmentName(n)));
      continue;
    }
    const path = join(dir, segmentName(n));
    const bytes = readFileSync(path);
    const from = n === checkpoint.segment ? Math.min(checkpoint.offset, bytes.length) : 0;
    const found = readRecords(bytes, n, from);
    records.push(...found.records);
    if (found.validEnd < bytes.length) {
      // an append a crash interrupted (it was never acknowledged): cut it off, durably
      truncatedBytes += bytes.length - found.validEnd;
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, found.validEnd);
      fdatasyncSync(fd);
      closeSync(fd);
    }
  }
  segments = listSegments(dir);
  // appends go to a new segment: the last one may end where a torn record was cut
  let current = (segments.at(-1) ?? checkpoint.segment) + 1;
  let handle: FileHandle = await open(join(dir, segmentName(current)), 'a');
  let size = 0;
  let broken: Error | undefined;
  const recovery: LogRecovery = { records, truncatedBytes };

  // Checkpoints are written off the event loop: behind the engine's part writes, writing one
  // synchronously (the file, its rename, passed segments removed) took up to 27 ms (p99 23 ms in
  // the ingest benchmark), every request waiting on it. One write at a time, each of the latest
  // position asked for; one that fails only makes the next start replay more, and the next
  // checkpoint tries again.
  let wanted: LogPosition | undefined;
  let writing: Promise<void> | undefined;

  async function writeCheckpoints(): Promise<void> {
    try {
      while (wanted) {
        const position = wanted;
        wanted = undefined;
        try {
          const tmp = join(dir, `${CHECKPOINT}.tmp`);
          await writeFile(tmp, `${position.segment} ${position.offset}\n`);
          await rename(tmp, join(dir, CHECKPOINT));
          for (const n of segmentNumbers(await readdir(dir))) if (n < position.segment) await rm(join(dir, segmentName(n)), { force: true });
        } catch {
          // a stale checkpoint is safe (see the top of this file)
        }
      }
    } finally {
      // cleared in the same step that found nothing more to write: a later call starts a new writer
      writing = undefined;
    }
  }

  return {
    recovery,

    /**
     * Appends one record and (with fsync) flushes it to the disk. Appends must not overlap.
     * A failed append leaves the log refusing every later one: what reached the file is unknown.
     */
    async append(payload: Buffer): Promise<LogPosition> {
      if (broken) throw broken;
      if (payload.length > MAX_RECORD_BYTES) throw new Error(`a log record of ${payload.length} bytes is over ${MAX_RECORD_BYTES}`);
      try {
        if (size >= segmentBytes) {
          await handle.close();
          current++;
          handle = await open(join(dir, segmentName(current)), 'a');
          size = 0;
        }
        // the header and the payload in one write, without copying the payload behind the header
        await handle.writev([recordHeader(payload), payload]);
        if (fsync) await handle.datasync();
        size += HEADER_BYTES + payload.length;
        return { segment: current, offset: size };
      } catch (err) {
        broken = err instanceof Error ? err : new Error(String(err));
        throw err;
      }
    },

    /**
     * The store holds every record up to `position`: later opens start there; passed segments go.
     * Written in the background; resolves once a checkpoint at `position` or later is written.
     */
    checkpoint(position: LogPosition): Promise<void> {
      wanted = position;
      writing ??= writeCheckpoints();
      return writing;
    },

    /** bytes in the log's segment files */
    bytes(): number {
      let total = 0;
      for (const n of listSegments(dir)) total += statSync(join(dir, segmentName(n))).size;
      return total;
    },

    async close(): Promise<void> {
      await writing;
      await handle.close().catch(() => {});
    },
  };
}

export type LogSegments = Awaited<ReturnType<typeof openLogSegments>>;
