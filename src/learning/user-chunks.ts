// Learner jobs work in chunks of users (seed 002: 1,000 at a time), each chunk one set of
// statements, so memory stays bounded and a failed run resumes: every finished chunk of a pass is
// recorded in `learning_job_chunks`, and a run of the same job, app, time and version whose last
// pass did not finish adopts that pass and skips the chunks it finished (when they hold the same
// users). A pass that finished is never adopted: a re-run recomputes everything (outputs are keyed
// by time, so it replaces them).

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';

export const USERS_PER_CHUNK = 1000;
/** the chunk number marking a finished pass */
const PASS_DONE = 4_294_967_295;

export interface UserChunk {
  readonly index: number;
  readonly users: readonly string[];
}

export function chunkUsers(sortedUsers: readonly string[], size = USERS_PER_CHUNK): UserChunk[] {
  const out: UserChunk[] = [];
  for (let i = 0; i * size < sortedUsers.length; i++) out.push({ index: i, users: sortedUsers.slice(i * size, (i + 1) * size) });
  return out;
}

export interface PassKey {
  readonly job: string;
  readonly appId: string;
  readonly scheduledMs: number;
  readonly version: number;
  /** the run starting a new pass names it */
  readonly runId: string;
}

export interface PassResult {
  readonly chunks: number;
  /** chunks an earlier attempt had finished, skipped */
  readonly resumed: number;
  readonly users: number;
}

interface ChunkRow {
  pass_id: string;
  chunk: number;
  first_user: string;
  last_user: string;
  rows_written: number;
}

export async function runInChunks(
  store: StoreConnection,
  key: PassKey,
  sortedUsers: readonly string[],
  work: (chunk: UserChunk) => Promise<void>,
  options: { readonly size?: number; readonly now?: () => number; readonly onChunk?: (done: number) => void } = {},
): Promise<PassResult> {
  const now = options.now ?? Date.now;
  const chunks = chunkUsers(sortedUsers, options.size);
  const params = { job: key.job, app: key.appId, at: toEngineTime(key.scheduledMs), version: key.version };
  const recorded = await store.query<ChunkRow>(
    `SELECT pass_id, chunk, first_user, last_user, rows_written FROM learning_job_chunks FINAL
     WHERE job = {job:String} AND app_id = {app:String} AND scheduled_for = {at:DateTime64(3, 'UTC')} AND calculation_version = {version:UInt16}
     ORDER BY done_at`,
    params,
  );
  const finishedPasses = new Set(recorded.filter((r) => r.chunk === PASS_DONE).map((r) => r.pass_id));
  const open = recorded.filter((r) => !finishedPasses.has(r.pass_id));
  const passId = open.length > 0 ? open[open.length - 1].pass_id : key.runId;
  const done = new Map(open.filter((r) => r.pass_id === passId).map((r) => [r.chunk, r]));
  const record = (chunk: number, first: string, last: string, users: number) =>
    store.insertJsonEachRow(
      'learning_job_chunks',
      Buffer.from(
        `${JSON.stringify({ job: key.job, app_id: key.appId, scheduled_for: params.at, calculation_version: key.version, pass_id: passId, chunk, first_user: first, last_user: last, rows_written: users, done_at: toEngineTime(now()) })}\n`,
      ),
    );
  let resumed = 0;
  let finished = 0;
  for (const c of chunks) {
    const first = c.users[0];
    const last = c.users[c.users.length - 1];
    const prior = done.get(c.index);
    if (prior && prior.first_user === first && prior.last_user === last && prior.rows_written === c.users.length) {
      resumed++;
    } else {
      await work(c);
      await record(c.index, first, last, c.users.length);
    }
    finished++;
    options.onChunk?.(finished);
  }
  await record(PASS_DONE, '', '', sortedUsers.length);
  return { chunks: chunks.length, resumed, users: sortedUsers.length };
}
