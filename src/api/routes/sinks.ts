// Exports over HTTP (admin token): configure a sink for an app, list them, run a sync now, and read
// a sink's sync status and failures (warehouse_sync_status). A sync answers when it ends, with the
// batches it ran; a failed batch is in the answer with its error, not an HTTP error.

import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import { SINK_KINDS, redactedConfig, type BatchRecord, type Sink, type SinkService } from '../../sinks/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const SinkId = Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', description: 'snk_…; an unknown id is a 404' });
const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

const Batch = Type.Object({
  batch_seq: Type.Integer({ description: 'the batch number within the sink (1, 2, …)' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  rows: Type.Integer(),
  bytes: Type.Integer({ description: 'bytes written (Parquet file sizes; the COPY or insert body otherwise)' }),
  attempts: Type.Integer(),
  error: Type.String({ description: "the last failed attempt's error (stable code first), '' when none" }),
  range_from: Type.String({ description: 'exclusive start of the batch in the arrival order (stored time|event id)' }),
  range_to: Type.String({ description: 'inclusive end; the cursor once the batch succeeded' }),
  trigger: Type.String(),
  created_at: Type.String(),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
});

function batchWire(b: BatchRecord): Static<typeof Batch> {
  return {
    batch_seq: b.batchSeq,
    status: b.status,
    rows: b.rows,
    bytes: b.bytes,
    attempts: b.attempts,
    error: b.error,
    range_from: b.rangeFrom,
    range_to: b.rangeTo,
    trigger: b.trigger,
    created_at: b.createdAt,
    started_at: b.startedAt,
    finished_at: b.finishedAt,
  };
}

const SinkWire = Type.Object({
  sink_id: Type.String(),
  app_id: Type.String(),
  kind: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'the configuration, passwords and secret keys replaced by ***' }),
  batch_rows: Type.Integer(),
  created_at: Type.String(),
});

const sinkWire = (s: Sink): Static<typeof SinkWire> => ({ sink_id: s.sinkId, app_id: s.appId, kind: s.kind, config: redactedConfig(s.config), batch_rows: s.batchRows, created_at: s.createdAt });

const CreateBody = Type.Object(
  {
    app_id: AppId,
    kind: Type.Union(SINK_KINDS.map((k) => Type.Literal(k))),
    batch_rows: Type.Optional(Type.Integer({ minimum: 100, maximum: 1_000_000, description: 'most rows per batch (at most TALLY_SINKS_BATCH_ROWS)' })),
    path: Type.Optional(Text(1024, 'parquet: absolute directory')),
    endpoint: Type.Optional(Text(2048, 's3: http(s)://host[:port]')),
    bucket: Type.Optional(Text(63, 's3: bucket (must exist)')),
    prefix: Type.Optional(Text(512, 's3: key prefix')),
    access_key_id: Type.Optional(Text(256, 's3: credentials (none: unsigned requests)')),
    secret_access_key: Type.Optional(Text(256)),
    url: Type.Optional(Text(2048, 'postgres: postgres:// URL; clickhouse: http(s)://user:password@host:port')),
    table: Type.Optional(Text(127, 'postgres: [schema.]table (default public.platform_events); clickhouse: table (default platform_events)')),
    database: Type.Optional(Text(63, 'clickhouse: database (default: the URL path, else default)')),
  },
  { additionalProperties: false },
);

const StatusAnswer = Type.Object({
  sink_id: Type.String(),
  cursor: Type.Union([Type.String(), Type.Null()], { description: 'stored time of the last exported event (ISO), null before the first batch' }),
  cursor_event_id: Type.Union([Type.String(), Type.Null()]),
  lag_seconds: Type.Number({ description: 'seconds since the oldest event not yet exported was stored (0 when caught up)' }),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'batches by status' }),
  batches: Type.Array(Batch, { description: 'newest first' }),
});

export const sinkRoutes: RouteGroup<{ readonly sinks: SinkService }> = async (app, { deps, sinks }) => {
  app.post(
    '/v1/sinks',
    {
      config: { access: 'admin', audit: 'change' },
      schema: {
        summary: 'Configure an export sink for an app (admin token)',
        operationId: 'createSink',
        description:
          'kind parquet: path; s3: endpoint, bucket, prefix, credentials; postgres: url, table; clickhouse: url, database, table. ' +
          'The sink exports the app\'s events from the first one stored, batch by batch, on the sink_sync schedule and on POST /v1/sinks/{sink_id}/sync.',
        tags: ['admin'],
        body: CreateBody,
        response: { 201: Type.Object({ sink_id: Type.String(), sink: SinkWire }), ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (req, reply) => {
      const { app_id: appId, kind, batch_rows: batchRows, ...raw } = req.body;
      if (!deps.apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
      const sink = await sinks.create(appId, kind, raw, batchRows);
      return reply.code(201).send({ sink_id: sink.sinkId, sink: sinkWire(sink) });
    },
  );

  app.get(
    '/v1/sinks',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'List the sinks (admin token)',
        operationId: 'listSinks',
        tags: ['admin'],
        querystring: Type.Object({ app_id: Type.Optional(AppId) }, { additionalProperties: false }),
        response: { 200: Type.Object({ sinks: Type.Array(SinkWire) }), ...errorResponses(400) },
      },
    },
    async (req) => ({ sinks: (await sinks.sinks.list(req.query.app_id)).map(sinkWire) }),
  );

  app.delete(
    '/v1/sinks/:sink_id',
    {
      config: { access: 'admin', audit: 'change' },
      schema: {
        summary: 'Delete a sink (admin token)',
        operationId: 'deleteSink',
        description: 'Waits for the batch the sink is running, then stops its exports; the data already exported stays at the destination and its batch history in warehouse_sync_status; the sink is no longer listed, synced or erased from, and its credentials are not kept.',
        tags: ['admin'],
        params: Type.Object({ sink_id: SinkId }),
        response: { 200: Type.Object({ sink_id: Type.String(), deleted: Type.Literal(true) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const sink = await sinks.remove(req.params.sink_id);
      return { sink_id: sink.sinkId, deleted: true as const };
    },
  );

  app.post(
    '/v1/sinks/:sink_id/sync',
    {
      config: { access: 'admin', audit: 'change' },
      schema: {
        summary: 'Sync a sink now; answers when the sync ends (admin token)',
        operationId: 'syncSink',
        description: 'Runs up to TALLY_SINKS_MAX_BATCHES_PER_SYNC batches from the cursor; resumes a batch a stopped process left, and retries a failed one.',
        tags: ['admin'],
        params: Type.Object({ sink_id: SinkId }),
        response: {
          200: Type.Object({ sink_id: Type.String(), batches: Type.Array(Batch), rows: Type.Integer(), cursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (req) => {
      const result = await sinks.sync(req.params.sink_id, 'manual');
      const st = await sinks.status(req.params.sink_id, 1);
      return {
        sink_id: result.sinkId,
        batches: result.batches.map(batchWire),
        rows: result.batches.reduce((n, b) => n + (b.status === 'succeeded' ? b.rows : 0), 0),
        cursor: st.cursor,
      };
    },
  );

  app.get(
    '/v1/sinks/:sink_id/status',
    {
      config: { access: 'admin' },
      schema: {
        summary: "A sink's cursor, export lag and batches (warehouse_sync_status; admin token)",
        operationId: 'getSinkStatus',
        tags: ['admin'],
        params: Type.Object({ sink_id: SinkId }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })) }, { additionalProperties: false }),
        response: { 200: StatusAnswer, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const st = await sinks.status(req.params.sink_id, req.query.limit ?? 50);
      return { sink_id: req.params.sink_id, cursor: st.cursor, cursor_event_id: st.cursorEventId, lag_seconds: st.lagSeconds, counts: st.counts, batches: st.batches.map(batchWire) };
    },
  );

  app.get(
    '/v1/sinks/:sink_id/failures',
    {
      config: { access: 'admin' },
      schema: {
        summary: "A sink's batches that failed or needed a retry, newest first (admin token)",
        operationId: 'getSinkFailures',
        tags: ['admin'],
        params: Type.Object({ sink_id: SinkId }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ sink_id: Type.String(), failures: Type.Array(Batch) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => ({ sink_id: req.params.sink_id, failures: (await sinks.failures(req.params.sink_id, req.query.limit ?? 20)).map(batchWire) }),
  );
};
