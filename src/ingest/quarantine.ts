// The quarantine writer: every event ingest rejects is kept as a dead letter in
// `quarantined_events` — reason code and message, the raw payload (cut at a size limit and flagged
// when cut), the app (when known), the key that sent it and when. Writes are group-committed like
// events: entries from many requests share one insert, and `add` resolves after that insert. It
// never fails an ingest request: a full buffer or a failed insert is counted, logged and dropped.
// One app's entry never costs another's: every text column is cut on a character boundary and made
// well-formed, payloads nested too deep are kept in a bounded form, and when the engine still
// refuses a shared insert on its data the refused rows are isolated and only they are dropped.

import { createHash } from 'node:crypto';
import { createVersionClock, type StoreConnection } from '../store/index.ts';
import type { ErrorCode } from '../errors.ts';
import { boundedJson, isAppId, storableText, toEngineTime } from '../event/index.ts';
import type { Logger } from '../observability/index.ts';
import { isDataRefusal, isolateRefused } from './store-refusal.ts';

/** One rejected event, as the ingest step hands it over. */
export interface QuarantineEntry {
  /** the event as received (parsed JSON, or a note for an unparsable line) */
  readonly raw: unknown;
  readonly code: ErrorCode;
  readonly message: string;
  /** the app a write key is bound to; undefined for the admin token */
  readonly allowedAppId?: string;
  readonly keyId?: string;
  readonly receivedAtMs: number;
}

export interface QuarantineSink {
  /** resolves once the entries are stored (or counted as dropped); never rejects */
  add(entries: readonly QuarantineEntry[]): Promise<void>;
}

export interface QuarantineMetrics {
  onQuarantined(code: string, count: number): void;
  onDropped(count: number): void;
  onError(stage: string): void;
}

export interface QuarantineWriterOptions {
  readonly store: StoreConnection;
  /** payloads are cut to this many bytes and flagged (default 64 KiB) */
  readonly maxPayloadBytes?: number;
  /** entries wait at most this long for others to share their insert (default 50 ms) */
  readonly flushIntervalMs?: number;
  /** flush at once when this many entries wait (default 5000) */
  readonly batchSize?: number;
  /** entries beyond this many waiting are dropped and counted (default 100000) */
  readonly maxBufferedEntries?: number;
  /** nor may the waiting rows exceed this many bytes (default 64 MiB) */
  readonly maxBufferedBytes?: number;
  readonly metrics?: QuarantineMetrics;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** A stored quarantine row (the table's columns; times as ISO text). */
export interface QuarantineRow {
  app_id: string;
  quarantine_id: string;
  received_at: string;
  key_id: string;
  code: string;
  message: string;
  event_name: string;
  event_id: string;
  payload: string;
  payload_bytes: number;
  payload_truncated: number;
  status: 'quarantined' | 'replayed';
  replay_count: number;
  replayed_at: string | null;
}

export const QUARANTINE_TABLE = 'quarantined_events';
/** payloads keep this many levels of nesting; deeper values are replaced by a mark (and flagged) */
const MAX_PAYLOAD_DEPTH = 64;
/** waiting rows this large are flushed at once, whatever their count */
const FLUSH_AT_BYTES = 8 * 1024 * 1024;

/** The same app and payload give the same id, so a re-sent rejected event updates its row. */
export function quarantineId(appId: string, payload: string): string {
  const h = createHash('sha256').update(appId).update('\u0000').update(payload).digest('hex');
  // UUID version 8 (custom), RFC 9562 variant
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** a top-level string of the payload, cut and made storable */
function field(raw: unknown, name: string, max: number): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const v = (raw as Record<string, unknown>)[name];
  return typeof v === 'string' ? storableText(v, max) : '';
}

/**
 * The row for a rejected entry, payload encoded and cut at the limit. Its app is the write key's
 * app (whatever the payload claims), or for the admin token the app the payload names, so the
 * admin can inspect and replay events sent to an app before it was created; '' when the payload
 * names none.
 */
export function quarantineRow(entry: QuarantineEntry, maxPayloadBytes: number): QuarantineRow {
  const claimed = field(entry.raw, 'app_id', 64);
  const appId = entry.allowedAppId ?? (isAppId(claimed) ? claimed : '');
  const bounded = boundedJson(entry.raw, MAX_PAYLOAD_DEPTH);
  let payload = bounded.json;
  const bytes = Buffer.byteLength(payload);
  const truncated = bounded.cut || bytes > maxPayloadBytes;
  if (bytes > maxPayloadBytes) {
    const buf = Buffer.from(payload);
    // cut on a character boundary: never inside a UTF-8 sequence
    let end = maxPayloadBytes;
    while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
    payload = buf.subarray(0, end).toString('utf8');
  }
  return {
    app_id: appId,
    quarantine_id: quarantineId(appId, payload),
    received_at: toEngineTime(entry.receivedAtMs),
    key_id: storableText(entry.keyId ?? 'admin', 256),
    code: entry.code,
    message: storableText(entry.message, 2000),
    event_name: field(entry.raw, 'event_name', 200),
    event_id: field(entry.raw, 'event_id', 64),
    payload,
    payload_bytes: bytes,
    payload_truncated: truncated ? 1 : 0,
    status: 'quarantined',
    replay_count: 0,
    replayed_at: null,
  };
}

interface Line {
  readonly text: string;
  readonly code: string;
}

interface Waiting {
  readonly lines: Line[];
  resolve(): void;
}

function countByCode(lines: readonly Line[]): Map<string, number> {
  const codes = new Map<string, number>();
  for (const l of lines) codes.set(l.code, (codes.get(l.code) ?? 0) + 1);
  return codes;
}

export function createQuarantineWriter(options: QuarantineWriterOptions) {
  const { store, metrics, logger } = options;
  const maxPayloadBytes = options.maxPayloadBytes ?? 64 * 1024;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const batchSize = options.batchSize ?? 5000;
  const maxBuffered = options.maxBufferedEntries ?? 100_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const nextVersion = createVersionClock(options.now);

  let waiting: Waiting[] = [];
  let bufferedEntries = 0;
  let bufferedBytes = 0;
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function flushOnce(): Promise<void> {
    const taken = waiting;
    waiting = [];
    bufferedEntries = 0;
    bufferedBytes = 0;
    const lines = taken.flatMap((w) => w.lines);
    try {
      const refused = await storeLines(lines);
      const dropped = new Set(refused);
      for (const [code, n] of countByCode(refused.length === 0 ? lines : lines.filter((l) => !dropped.has(l)))) metrics?.onQuarantined(code, n);
    } catch (err) {
      metrics?.onError('quarantine_insert');
      metrics?.onDropped(lines.length);
      logger?.error({ err, entries: lines.length }, 'quarantine insert failed; rejected events not kept');
    }
    for (const w of taken) w.resolve();
  }

  async function insertLines(lines: readonly Line[]): Promise<void> {
    await store.insertJsonEachRow(QUARANTINE_TABLE, Buffer.from(lines.map((l) => l.text).join('\n') + '\n'));
  }

  /** Inserts the lines; when the engine refuses them on their data, stores all it accepts and
   * resolves with the ones it refused alone (dropped: counted and logged). */
  async function storeLines(lines: readonly Line[]): Promise<Line[]> {
    try {
      await insertLines(lines);
      return [];
    } catch (err) {
      if (!isDataRefusal(err)) throw err;
      const refused = await isolateRefused(lines, insertLines, err);
      for (const { item, error } of refused) {
        metrics?.onError('quarantine_refused_row');
        logger?.error({ err: error, code: item.code }, 'the store refused a quarantine row; that rejected event is not kept');
      }
      metrics?.onDropped(refused.length);
      return refused.map((r) => r.item);
    }
  }

  function startFlush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = flushOnce().finally(() => {
      flushing = undefined;
      // what arrived during the insert has waited long enough
      if (waiting.length > 0) startFlush();
    });
  }

  function schedule(): void {
    if (flushing || waiting.length === 0) return;
    if (bufferedEntries >= batchSize || bufferedBytes >= FLUSH_AT_BYTES) {
      startFlush();
      return;
    }
    timer ??= setTimeout(() => {
      timer = undefined;
      if (!flushing && waiting.length > 0) startFlush();
    }, flushIntervalMs);
  }

  return {
    add(entries: readonly QuarantineEntry[]): Promise<void> {
      if (entries.length === 0) return Promise.resolve();
      const lines: Line[] = [];
      let bytes = 0;
      for (const entry of entries) {
        const text = JSON.stringify({ ...quarantineRow(entry, maxPayloadBytes), version: nextVersion() });
        lines.push({ text, code: entry.code });
        bytes += text.length;
      }
      if (bufferedEntries + lines.length > maxBuffered || bufferedBytes + bytes > maxBufferedBytes) {
        metrics?.onDropped(entries.length);
        metrics?.onError('quarantine_full');
        logger?.warn({ entries: entries.length }, 'quarantine buffer full; rejected events not kept');
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        waiting.push({ lines, resolve });
        bufferedEntries += lines.length;
        bufferedBytes += bytes;
        schedule();
      });
    },

    /** Writes new versions of existing rows (replay outcomes) in one insert. */
    async rewrite(rows: readonly QuarantineRow[]): Promise<void> {
      if (rows.length === 0) return;
      const body = rows.map((r) => JSON.stringify({ ...r, received_at: toEngineTime(Date.parse(r.received_at)), replayed_at: r.replayed_at === null ? null : toEngineTime(Date.parse(r.replayed_at)), version: nextVersion() }));
      await store.insertJsonEachRow(QUARANTINE_TABLE, Buffer.from(body.join('\n') + '\n'));
    },

    /** Flushes what waits; resolves when everything added so far is stored. */
    async close(): Promise<void> {
      if (!flushing && waiting.length > 0) startFlush();
      while (flushing) await flushing;
    },
  };
}

export type QuarantineWriter = ReturnType<typeof createQuarantineWriter>;
