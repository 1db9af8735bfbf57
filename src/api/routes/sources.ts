// GET /v1/sources (admin): the change-capture sources and where each stands — state, slot and
// publication, the last position confirmed to the slot, slot lag and what became of the rows
// (docs/cdc.md). A capture another process runs (`tally cdc`) is read from its slot in PostgreSQL.

import { Type } from 'typebox';
import { errorResponses, type RouteGroup } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Source = Type.Object({
  kind: Type.Literal('postgres'),
  runs_in: Type.Union([Type.Literal('this_process'), Type.Literal('another_process')], { description: 'another_process: read from the slot in PostgreSQL; the counts are then null' }),
  slot: Type.String(),
  publication: Type.String(),
  state: Type.Union([Type.Literal('starting'), Type.Literal('snapshot'), Type.Literal('streaming'), Type.Literal('reconnecting'), Type.Literal('stopped'), Type.Literal('unknown')], { description: 'unknown: captured by another process and PostgreSQL did not answer' }),
  tables: Type.Array(Type.String(), { description: 'captured tables (schema.table)' }),
  confirmed_lsn: Nullable(Type.String({ description: 'last position confirmed to the slot: every change before it is stored' })),
  lag_bytes: Nullable(Type.Number({ description: 'WAL written since the confirmed position' })),
  retained_wal_bytes: Nullable(Type.Number({ description: 'WAL the slot keeps from being recycled' })),
  lag_seconds: Nullable(Type.Number({ description: 'age of the oldest committed transaction not yet confirmed' })),
  over_wal_bound: Type.Boolean({ description: 'the slot holds more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES' }),
  rows: Nullable(Type.Object({ snapshot: Type.Integer(), stored: Type.Integer(), duplicates: Type.Integer(), quarantined: Type.Integer(), ignored: Type.Integer() })),
  truncates: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
});

export const sourceRoutes: RouteGroup = async (app, { deps }) => {
  app.get(
    '/v1/sources',
    {
      config: { access: 'admin' },
      schema: { summary: 'Change-capture sources and their status (admin token)', operationId: 'listSources', tags: ['admin'], response: { 200: Type.Object({ sources: Type.Array(Source) }), ...errorResponses() } },
    },
    async () => ({ sources: [...((await deps.sources?.()) ?? [])] }),
  );
};
