// The configured sinks (table `sinks`): created per app by an operator, read back by the sync.
// Each row is rewritten with a newer version when it changes; a FINAL read is the current state.
// At most MAX_SINKS_PER_APP live sinks per app.

import { randomBytes } from 'node:crypto';
import { TallyError } from '../errors.ts';
import { createVersionClock, isoFromEngineTime, toEngineTime, type StoreConnection } from '../store/index.ts';
import { loadStoredConfig, storedConfig, type SinkConfig, type SinkKind } from './sink-config.ts';

export const MAX_SINKS_PER_APP = 20;

export interface Sink {
  readonly sinkId: string;
  readonly appId: string;
  readonly kind: SinkKind;
  readonly config: SinkConfig;
  /** most rows per batch for this sink */
  readonly batchRows: number;
  readonly createdAt: string;
}

interface Row {
  sink_id: string;
  app_id: string;
  kind: SinkKind;
  config: string;
  batch_rows: number;
  created_at: string;
  deleted: number;
  version: number;
}

function toSink(r: Row): Sink {
  return { sinkId: r.sink_id, appId: r.app_id, kind: r.kind, config: loadStoredConfig(r.config), batchRows: r.batch_rows, createdAt: isoFromEngineTime(r.created_at) };
}

export function createSinkRegistry(store: StoreConnection, now: () => number = Date.now) {
  const nextVersion = createVersionClock(now);
  const live = async (where: string, params: Record<string, unknown>) =>
    (await store.query<Row>(`SELECT * FROM sinks FINAL WHERE deleted = 0 AND ${where} ORDER BY created_at, sink_id`, params)).map(toSink);

  return {
    async create(appId: string, config: SinkConfig, batchRows: number): Promise<Sink> {
      const existing = await live('app_id = {app:String}', { app: appId });
      if (existing.length >= MAX_SINKS_PER_APP) throw new TallyError('TALLY_ERR_SINK_LIMIT', [MAX_SINKS_PER_APP]);
      const row: Row = {
        sink_id: `snk_${randomBytes(9).toString('hex')}`,
        app_id: appId,
        kind: config.kind,
        config: storedConfig(config),
        batch_rows: batchRows,
        created_at: toEngineTime(now()),
        deleted: 0,
        version: nextVersion(),
      };
      await store.insertJsonEachRow('sinks', Buffer.from(JSON.stringify(row) + '\n'));
      return toSink(row);
    },
    async get(sinkId: string): Promise<Sink | undefined> {
      return (await live('sink_id = {id:String}', { id: sinkId }))[0];
    },
    async list(appId?: string): Promise<Sink[]> {
      return appId === undefined ? live('1', {}) : live('app_id = {app:String}', { app: appId });
    },
    /** stops exporting to a sink: its row is replaced by a deleted one without its configuration (credentials are not kept) */
    async remove(sink: Sink): Promise<void> {
      const row: Row = { sink_id: sink.sinkId, app_id: sink.appId, kind: sink.kind, config: '{}', batch_rows: sink.batchRows, created_at: toEngineTime(Date.parse(sink.createdAt)), deleted: 1, version: nextVersion() };
      await store.insertJsonEachRow('sinks', Buffer.from(JSON.stringify(row) + '\n'));
    },
    /** the apps that have at least one sink */
    async apps(): Promise<string[]> {
      const rows = await store.query<{ app_id: string }>('SELECT DISTINCT app_id FROM sinks FINAL WHERE deleted = 0 ORDER BY app_id');
      return rows.map((r) => r.app_id);
    },
  };
}

export type SinkRegistry = ReturnType<typeof createSinkRegistry>;
