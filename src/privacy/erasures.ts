// GDPR erasure and anonymisation of one user of one app, with a receipt that can be checked
// later. A request records a 'running' receipt and returns at once; the work runs in the
// background while ingest is held (write-gate.ts): every table naming the user is found at run
// time (user-data.ts), its rows are deleted (or replaced by anonymised copies), rollups fed by
// those rows are recomputed (derived-rebuild.ts), and every table is counted again. The receipt
// says what was matched, what remains (0 when complete) and when it finished. The user id itself
// is kept only as a keyed hash. The work covers the person: the id named and every id linked to it
// (person-ids.ts), each in turn, the receipt adding them up per table.

import { createHmac, randomBytes } from 'node:crypto';
import { createVersionClock, isoFromEngineTime, toEngineTime, type StoreConnection } from '../store/index.ts';
import { discoverDerivedTables, prepareRebuild, userEventWindow, type PendingRebuild } from './derived-rebuild.ts';
import { personIds } from './person-ids.ts';
import { anonymizeUserRows, countUserRows, deleteUserRows, discoverUserTables, type UserTable } from './user-data.ts';
import type { WriteGate } from '../store/index.ts';

export type ErasureKind = 'erase' | 'anonymize';
export type ErasureStatus = 'running' | 'complete' | 'failed';

export interface TableOutcome {
  readonly table: string;
  /** 'rows': rows naming the user; 'payload': raw JSON naming the user; 'rollup': recomputed groups */
  readonly kind: 'rows' | 'payload' | 'rollup';
  readonly matched: number;
  /** rows still naming the user after the work (0 when complete); rollups: groups recomputed */
  readonly remaining: number;
}

export interface ErasureReceipt {
  readonly erasureId: string;
  readonly kind: ErasureKind;
  readonly appId: string;
  readonly status: ErasureStatus;
  readonly requestedAt: string;
  readonly completedAt: string | null;
  readonly tables: readonly TableOutcome[];
  readonly error: string;
}

export interface ErasureServiceOptions {
  readonly conn: StoreConnection;
  readonly gate: WriteGate;
  /** key of the subject hash (the install's secret) */
  readonly secret: string;
  /** property keys anonymisation removes besides email/phone/address (the scrub denylist) */
  readonly dropKeys: readonly string[];
  /** called before the work, e.g. to flush the ingest queue */
  readonly beforeWork?: () => Promise<void>;
  /** called once the store's rows are gone: removes the user from outside copies (export sinks) */
  readonly afterWork?: (kind: ErasureKind, appId: string, userId: string) => Promise<TableOutcome[]>;
  readonly onError?: (err: unknown, erasureId: string) => void;
  readonly now?: () => number;
}

interface Row {
  erasure_id: string;
  kind: ErasureKind;
  app_id: string;
  subject_hash: string;
  requested_by: string;
  requested_at: string;
  status: ErasureStatus;
  completed_at: string | null;
  tables: string;
  error: string;
  version: number;
}

function toReceipt(r: Row): ErasureReceipt {
  return {
    erasureId: r.erasure_id,
    kind: r.kind,
    appId: r.app_id,
    status: r.status,
    requestedAt: isoFromEngineTime(r.requested_at),
    completedAt: r.completed_at === null ? null : isoFromEngineTime(r.completed_at),
    tables: JSON.parse(r.tables || '[]') as TableOutcome[],
    error: r.error,
  };
}

export function createErasureService(options: ErasureServiceOptions) {
  const { conn, gate, secret, dropKeys } = options;
  const now = options.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const nextVersion = createVersionClock(now);

  async function save(row: Row): Promise<void> {
    await conn.insertJsonEachRow('erasures', Buffer.from(JSON.stringify({ ...row, version: nextVersion() }) + '\n'));
  }

  async function userRows(kind: ErasureKind, tables: readonly UserTable[], appId: string, userId: string): Promise<TableOutcome[]> {
    const pseudonym = `anon_${randomBytes(8).toString('hex')}`;
    const outcomes: TableOutcome[] = [];
    for (const t of tables) {
      const matched = await countUserRows(conn, t, appId, userId);
      if (matched > 0) {
        if (kind === 'erase') await deleteUserRows(conn, t, appId, userId);
        else await anonymizeUserRows(conn, t, appId, userId, pseudonym, dropKeys);
      }
      const remaining = matched > 0 ? await countUserRows(conn, t, appId, userId) : 0;
      outcomes.push({ table: t.table, kind: t.match === 'payload' ? 'payload' : 'rows', matched, remaining });
    }
    return outcomes;
  }

  /** the person's every id (person-ids.ts), each erased in turn; outcomes added up per table */
  async function work(kind: ErasureKind, appId: string, userId: string, runId: string): Promise<TableOutcome[]> {
    const ids = await personIds(conn, appId, userId);
    const byTable = new Map<string, TableOutcome>();
    for (const [i, id] of ids.entries()) {
      for (const o of await workOne(kind, appId, id, ids.length === 1 ? runId : `${runId}_${i}`)) {
        const seen = byTable.get(o.table);
        byTable.set(o.table, seen ? { ...o, matched: seen.matched + o.matched, remaining: seen.remaining + o.remaining } : o);
      }
    }
    return [...byTable.values()];
  }

  async function workOne(kind: ErasureKind, appId: string, userId: string, runId: string): Promise<TableOutcome[]> {
    await options.beforeWork?.();
    const outcomes = await gate.hold(async () => {
      const tables = await discoverUserTables(conn);
      const derived = await discoverDerivedTables(conn);
      // the rollup groups the user's events feed are found before those events change
      const window = await userEventWindow(conn, appId, userId);
      const rebuilds: Array<{ target: string; pending: PendingRebuild | undefined }> = [];
      try {
        for (const d of derived) rebuilds.push({ target: d.target, pending: window ? await prepareRebuild(conn, d, appId, window, runId) : undefined });
        const outcomes = await userRows(kind, tables, appId, userId);
        for (const r of rebuilds) outcomes.push({ table: r.target, kind: 'rollup', matched: r.pending ? await r.pending.finish() : 0, remaining: 0 });
        return outcomes;
      } finally {
        for (const r of rebuilds) await r.pending?.discard();
      }
    });
    // outside the hold: ingest need not wait for other systems; the store no longer has the rows
    return options.afterWork ? [...outcomes, ...(await options.afterWork(kind, appId, userId))] : outcomes;
  }

  return {
    /** records the request and starts the work; the receipt answers 'running' */
    async start(kind: ErasureKind, appId: string, userId: string, requestedBy: string): Promise<ErasureReceipt> {
      const erasureId = `er_${randomBytes(12).toString('hex')}`;
      const base: Row = {
        erasure_id: erasureId,
        kind,
        app_id: appId,
        subject_hash: createHmac('sha256', secret).update(`${appId}\u0000${userId}`).digest('hex'),
        requested_by: requestedBy,
        requested_at: toEngineTime(now()),
        status: 'running',
        completed_at: null,
        tables: '[]',
        error: '',
        version: 0,
      };
      await save(base);
      const job = work(kind, appId, userId, erasureId.slice(3))
        .then(
          (tables) => save({ ...base, status: tables.every((t) => t.remaining === 0) ? 'complete' : 'failed', completed_at: toEngineTime(now()), tables: JSON.stringify(tables) }),
          (err: unknown) => {
            options.onError?.(err, erasureId);
            return save({ ...base, status: 'failed', completed_at: toEngineTime(now()), error: 'the erasure could not finish; request it again' });
          },
        )
        .catch((err: unknown) => options.onError?.(err, erasureId))
        .finally(() => running.delete(erasureId));
      running.set(erasureId, job);
      return toReceipt(base);
    },

    async get(erasureId: string): Promise<ErasureReceipt | undefined> {
      const rows = await conn.query<Row>('SELECT * FROM erasures FINAL WHERE erasure_id = {id:String}', { id: erasureId });
      return rows[0] ? toReceipt(rows[0]) : undefined;
    },

    /** resolves when the erasure has finished in this process (tests, shutdown) */
    async wait(erasureId: string): Promise<void> {
      await running.get(erasureId);
    },

    async close(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
