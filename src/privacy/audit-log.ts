// The audit log: who (key id) read, queried, exported, erased or changed keys, what, and when.
// Rows are buffered and written in batches (one insert per second at most, never one per
// request); the buffer is bounded, and rows that cannot be written are counted and logged, never
// allowed to stall the requests they describe. Secrets, SQL text and user ids are not recorded:
// only key ids, apps, routes and hashes.

import { toEngineTime, type StoreConnection } from '../store/index.ts';

export interface AuditEntry {
  readonly atMs: number;
  readonly requestId: string;
  /** the key id, 'admin', or '' when the caller could not be identified */
  readonly keyId: string;
  readonly callerKind: 'admin' | 'read' | 'write' | 'learner' | 'unauthenticated';
  /** read | query | export | erase | anonymize | key_create | key_rotate | key_revoke | key_list | audit | change */
  readonly action: string;
  readonly method: string;
  readonly route: string;
  readonly appIds: readonly string[];
  /** what was asked: a report template, a hash of the SQL, a hash of a user id... */
  readonly subject: string;
  readonly status: number;
  readonly durationMs: number;
}

export interface AuditRecord {
  readonly at: string;
  readonly request_id: string;
  readonly key_id: string;
  readonly caller_kind: string;
  readonly action: string;
  readonly method: string;
  readonly route: string;
  readonly app_ids: string[];
  readonly subject: string;
  readonly status: number;
  readonly duration_ms: number;
}

export interface AuditFilter {
  readonly fromMs: number;
  readonly toMs: number;
  readonly keyId?: string;
  readonly action?: string;
  readonly appId?: string;
  readonly limit: number;
}

export interface AuditLogOptions {
  /** write at most this often (default 1000 ms) */
  readonly flushIntervalMs?: number;
  /** rows kept while the store cannot be written (default 100000) */
  readonly maxBuffered?: number;
  readonly onError?: (err: unknown, droppedRows: number) => void;
}

export function createAuditLog(conn: StoreConnection, options: AuditLogOptions = {}) {
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBuffered = options.maxBuffered ?? 100_000;
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let dropped = 0;

  async function writeNow(): Promise<void> {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    try {
      await conn.insertJsonEachRow('audit_log', Buffer.from(rows.join('\n') + '\n'));
    } catch (err) {
      // keep them for the next attempt, within the bound
      const room = Math.max(0, maxBuffered - buffer.length);
      dropped += Math.max(0, rows.length - room);
      buffer = [...rows.slice(0, room), ...buffer];
      options.onError?.(err, dropped);
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = flushing.then(writeNow);
    return flushing;
  }

  return {
    record(e: AuditEntry): void {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      buffer.push(
        JSON.stringify({
          at: toEngineTime(e.atMs),
          request_id: e.requestId,
          key_id: e.keyId,
          caller_kind: e.callerKind,
          action: e.action,
          method: e.method,
          route: e.route,
          app_ids: e.appIds,
          subject: e.subject.slice(0, 512),
          status: e.status,
          duration_ms: Math.max(0, Math.round(e.durationMs)),
        }),
      );
      if (!timer) {
        timer = setTimeout(() => void flush(), flushIntervalMs);
        timer.unref();
      }
    },

    /** writes what is buffered now (tests and shutdown) */
    flush,

    async query(f: AuditFilter): Promise<AuditRecord[]> {
      await flush();
      const where = [`at >= {from:DateTime64(3, 'UTC')}`, `at < {to:DateTime64(3, 'UTC')}`];
      if (f.keyId !== undefined) where.push('key_id = {keyId:String}');
      if (f.action !== undefined) where.push('action = {action:String}');
      if (f.appId !== undefined) where.push('has(app_ids, {appId:String})');
      return conn.query<AuditRecord>(
        `SELECT at, request_id, key_id, caller_kind, action, method, route, app_ids, subject, status, duration_ms
         FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, request_id LIMIT {limit:UInt32}`,
        { from: toEngineTime(f.fromMs), to: toEngineTime(f.toMs), keyId: f.keyId ?? '', action: f.action ?? '', appId: f.appId ?? '', limit: f.limit },
      );
    },

    droppedRows: (): number => dropped,

    async close(): Promise<void> {
      await flush();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
