// The quarantine over HTTP: list an app's rejected events (filters, pages), a summary by reason,
// inspect one, and replay them after a fix. Reading needs the app's read key (payloads may hold
// personal data, so write keys, which ship inside apps, cannot read them); replaying needs its
// write key. The admin token may do both for any app.

import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import { countByCode, getQuarantined, listQuarantine, type QuarantineRow } from '../../ingest/index.ts';
import { resolveTimeRange } from '../../query/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';
import { callerId } from '../route-access.ts';

const Code = Type.String({ pattern: '^TALLY_ERR_[A-Z_]{1,80}$' });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });

const Item = Type.Object({
  quarantine_id: Type.String(),
  app_id: Type.String(),
  received_at: Type.String(),
  key_id: Type.String({ description: "the key that sent the event, or 'admin'" }),
  code: Type.String({ description: 'reason (an error code from docs/errors.md)' }),
  message: Type.String(),
  event_name: Type.String(),
  event_id: Type.String(),
  payload: Type.String({ description: 'the event as received (JSON text); in lists the first 1024 characters' }),
  payload_bytes: Type.Integer({ description: 'size of the whole payload' }),
  payload_truncated: Type.Boolean({ description: 'the stored payload was cut at the size limit (not replayable)' }),
  status: Type.Union([Type.Literal('quarantined'), Type.Literal('replayed')]),
  replay_count: Type.Integer(),
  replayed_at: Type.Union([Type.String(), Type.Null()]),
});

const ListQuery = Type.Object(
  {
    app_id: AppId,
    code: Type.Optional(Code),
    event_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('quarantined'), Type.Literal('replayed'), Type.Literal('all')], { default: 'quarantined' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'received at or after; ISO time or relative like -7d' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'received before; ISO time or relative' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const ReplayBody = Type.Object(
  {
    app_id: AppId,
    ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 10_000, description: 'replay these rows only' })),
    code: Type.Optional(Code),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000, description: 'most rows in this call' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous call' })),
  },
  { additionalProperties: false },
);

const ReplayAnswer = Type.Object({
  matched: Type.Integer({ description: 'quarantined rows taken in this call' }),
  accepted: Type.Integer({ description: 'events newly stored' }),
  duplicates: Type.Integer({ description: 'events already stored (never counted twice)' }),
  still_rejected: Type.Integer(),
  rejected: Type.Array(Type.Object({ quarantine_id: Type.String(), code: Type.String(), message: Type.String() })),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

function toWire(row: QuarantineRow): Static<typeof Item> {
  return { ...row, payload_truncated: row.payload_truncated === 1 };
}

export const quarantineRoutes: RouteGroup = async (app, { deps }) => {
  const { auth, store } = deps;

  app.get(
    '/v1/quarantine',
    {
      config: { access: 'read', app: 'query', refusal: 'read the quarantine of app' },
      schema: {
        summary: "List an app's quarantined (rejected) events, newest first",
        operationId: 'listQuarantine',
        tags: ['quarantine'],
        querystring: ListQuery,
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Item), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const range = q.from !== undefined || q.to !== undefined ? resolveTimeRange(q.from, q.to, Date.now(), 3650) : undefined;
      const page = await listQuarantine(
        store,
        { appId: q.app_id, code: q.code, eventName: q.event_name, status: q.status, from: range?.from, to: range?.to },
        { limit: q.limit ?? 100, cursor: q.cursor },
      );
      return { ...page, items: page.items.map(toWire) };
    },
  );

  app.get(
    '/v1/quarantine/summary',
    {
      config: { access: 'read', app: 'query', refusal: 'read the quarantine of app' },
      schema: {
        summary: "An app's quarantined events counted by reason code",
        operationId: 'getQuarantineSummary',
        tags: ['quarantine'],
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Type.Object({ app_id: Type.String(), total: Type.Integer(), by_code: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer() })) }), ...errorResponses(400) },
      },
    },
    async (req) => {
      const { app_id: appId } = req.query;
      const byCode = await countByCode(store, appId);
      return { app_id: appId, total: byCode.reduce((n, c) => n + c.count, 0), by_code: byCode };
    },
  );

  app.get(
    '/v1/quarantine/:quarantine_id',
    {
      config: { access: 'read', app: 'query', refusal: 'read the quarantine of app' },
      schema: {
        summary: 'Inspect one quarantined event, with its whole stored payload',
        operationId: 'getQuarantinedEvent',
        tags: ['quarantine'],
        params: Type.Object({ quarantine_id: Uuid }),
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Item, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { quarantine_id: id } = req.params;
      const { app_id: appId } = req.query;
      const row = await getQuarantined(store, appId, id.toLowerCase());
      if (!row) throw new TallyError('TALLY_ERR_NOT_FOUND', [`quarantined event ${id} in app ${appId}`]);
      return toWire(row);
    },
  );

  app.post(
    '/v1/quarantine/replay',
    {
      config: { access: 'write', app: 'body', refusal: 'replay the quarantine of app' },
      schema: {
        summary: 'Replay quarantined events against the current schemas',
        operationId: 'replayQuarantine',
        description:
          'Takes still-quarantined rows of the app (all, or those with the given ids and/or code), oldest first, and ingests them again without re-quarantining. ' +
          'What passes is stored once (event ids are kept or derived from the content) and marked replayed; the rest keep their new reasons. ' +
          'Payloads cut at the size limit are never replayed. Admin token or a write key of the app.',
        tags: ['quarantine'],
        body: ReplayBody,
        response: { 200: ReplayAnswer, ...errorResponses(...BODY_ERRORS, 503) },
      },
    },
    async (req) => {
      const body = req.body;
      return deps.quarantine.replay({
        appId: body.app_id,
        ids: body.ids?.map((id) => id.toLowerCase()),
        code: body.code,
        limit: body.limit,
        cursor: body.cursor,
        keyId: callerId(auth.caller(req)),
      });
    },
  );
};
