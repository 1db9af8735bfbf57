// GET /v1/sources (admin): the change-capture sources this process runs and where each stands —
// state, slot and publication, the last position confirmed to the slot, slot lag and what became
// of the rows (docs/cdc.md).

import { Type } from 'typebox';
import { errorResponses, type RouteGroup } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Source = Type.Object({
  kind: Type.Literal('postgres'),
  slot: Type.String(),
  publication: Type.String(),
  state: Type.Union([Type.Literal('starting'), Type.Literal('snapshot'), Type.Literal('streaming'), Type.Literal('reconnecting'), Type.Literal('stopped')]),
  tables: Type.Array(Type.String(), { description: 'captured tables (schema.table)' }),
  confirmed_lsn: Nullable(Type.String({ description: 'last position confirmed to the slot: every change before it is stored' })),
  lag_bytes: Nullable(Type.Number({ description: 'WAL written since the confirmed position' })),
  retained_wal_bytes: Nullable(Type.Number({ description: 'WAL the slot keeps from being recycled' })),
  lag_seconds: Type.Number({ description: 'age of the oldest committed transaction not yet confirmed' }),
  over_wal_bound: Type.Boolean({ description: 'the slot holds more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES' }),
  rows: Type.Object({ snapshot: Type.Integer(), stored: Type.Integer(), duplicates: Type.Integer(), quarantined: Type.Integer(), ignored: Type.Integer() }),
  truncates: Type.Integer(),
  last_error: Nullable(Type.String()),
});

export const sourceRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/sources',
    {
      config: { access: 'admin' },
      schema: { summary: 'Change-capture sources and their status (admin token)', operationId: 'listSources', tags: ['admin'], response: { 200: Type.Object({ sources: Type.Array(Source) }), ...errorResponses() } },
    },
    async () => ({ sources: [...(deps.sources?.() ?? [])] }),
  );
};
