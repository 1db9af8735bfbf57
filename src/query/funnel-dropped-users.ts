// The users who dropped at a funnel step: their best attempt reached step k but not step k + 1
// (same definitions as the funnel itself, funnel-attempts.ts). Paged by user_id with a keyset
// cursor, so pages stay stable while the list is read.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { funnelAttemptsSql } from './funnel-attempts.ts';
import { FunnelSpecFields, resolveFunnelScope } from './funnels.ts';
import { iso } from './insight-common.ts';
import { ParamBag } from './params.ts';

export const FunnelDroppedSpecSchema = Type.Object(
  {
    ...FunnelSpecFields,
    dropped_at_step: Type.Integer({ minimum: 1, maximum: 9, description: '1-based: users who reached this step but not the next' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type FunnelDroppedSpec = Static<typeof FunnelDroppedSpecSchema>;

export interface DroppedUser {
  user_id: string;
  /** when the best attempt started (its first event) */
  started_at: string;
  /** when it reached the step it dropped at */
  reached_at: string;
}

export interface FunnelDroppedResult {
  dropped_at_step: number;
  event: string;
  next_event: string;
  total: number;
  users: DroppedUser[];
  next_cursor: string | null;
}

function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value[0] === 'u' && typeof value[1] === 'string') return value[1];
  } catch {
    // fall through
  }
  throw new TallyError('TALLY_ERR_CURSOR_INVALID');
}

export async function funnelDroppedUsers(store: StoreConnection, spec: FunnelDroppedSpec, nowMs = Date.now()): Promise<FunnelDroppedResult> {
  const step = spec.dropped_at_step;
  if (step >= spec.steps.length) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`dropped_at_step must be below the number of steps (${spec.steps.length})`]);
  const scope = resolveFunnelScope(spec, nowMs);
  const params = new ParamBag(store.propertyColumns);
  const attempts = await funnelAttemptsSql(scope, params, store, nowMs);
  const limit = spec.limit ?? 100;
  const after = spec.cursor === undefined ? undefined : decodeCursor(spec.cursor);
  const page = `groupArraySorted${after === undefined ? '' : 'If'}(${params.add(limit, 'UInt32')})((user_id, anchor, times[level])${after === undefined ? '' : `, user_id > ${params.add(after, 'String')}`})`;
  const [row] = await store.query<{ total: number; page: Array<[string, number, number]> }>(
    `SELECT count() AS total, ${page} AS page FROM (${attempts}) WHERE level = ${params.add(step, 'UInt32')}`,
    params.values,
  );
  const users = (row?.page ?? []).map(([userId, startedMs, reachedMs]) => ({ user_id: userId, started_at: iso(startedMs), reached_at: iso(reachedMs) }));
  const last = users[users.length - 1];
  return {
    dropped_at_step: step,
    event: spec.steps[step - 1].event,
    next_event: spec.steps[step].event,
    total: row?.total ?? 0,
    users,
    next_cursor: users.length === limit && last ? Buffer.from(JSON.stringify(['u', last.user_id])).toString('base64url') : null,
  };
}
