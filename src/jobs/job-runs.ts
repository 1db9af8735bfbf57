// The run history of every job (`job_runs`): a run is one row, rewritten with a higher version at
// each state change, so readers see its latest state with FINAL. Writes are single small inserts:
// runs are rare (a few per job per day), unlike events, which go through the batcher.

import { toEngineTime } from '../event/index.ts';
import { isoFromEngineTime, type StoreConnection } from '../store/index.ts';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** schedule: the cron fired; catch_up: a time missed while down; manual / backfill: asked for */
export const RUN_TRIGGERS = ['schedule', 'catch_up', 'manual', 'backfill'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface JobRun {
  readonly runId: string;
  readonly job: string;
  /** '' for jobs that are not per app */
  readonly appId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly trigger: RunTrigger;
  /** the time the run computes for (epoch ms); a re-run of the same time replaces its output */
  readonly scheduledMs: number;
  readonly queuedMs: number;
  readonly startedMs: number | null;
  readonly finishedMs: number | null;
  readonly status: RunStatus;
  readonly attempt: number;
  readonly rowsDone: number;
  readonly error: string;
  readonly summary: Readonly<Record<string, unknown>>;
}

interface Row {
  run_id: string;
  job: string;
  app_id: string;
  parameters: string;
  trigger: RunTrigger;
  scheduled_at: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  status: RunStatus;
  attempt: number;
  rows_done: number;
  error: string;
  summary: string;
}

const COLUMNS = 'run_id, job, app_id, parameters, trigger, scheduled_at, queued_at, started_at, finished_at, status, attempt, rows_done, error, summary';

/** the engine answers DateTime64 as ISO text; older settings answer 'YYYY-MM-DD hh:mm:ss.mmm' (UTC) */
const engineMs = (t: string): number => Date.parse(isoFromEngineTime(t));

function fromRow(r: Row): JobRun {
  return {
    runId: r.run_id,
    job: r.job,
    appId: r.app_id,
    parameters: JSON.parse(r.parameters || '{}') as Record<string, unknown>,
    trigger: r.trigger,
    scheduledMs: engineMs(r.scheduled_at),
    queuedMs: engineMs(r.queued_at),
    startedMs: r.started_at === null ? null : engineMs(r.started_at),
    finishedMs: r.finished_at === null ? null : engineMs(r.finished_at),
    status: r.status,
    attempt: r.attempt,
    rowsDone: r.rows_done,
    error: r.error,
    summary: JSON.parse(r.summary || '{}') as Record<string, unknown>,
  };
}

export interface JobRunStore {
  /** writes the run's current state; `version` must grow with every write of one run */
  write(run: JobRun, version: number): Promise<void>;
  get(runId: string): Promise<JobRun | undefined>;
  list(filter: { readonly job: string; readonly appId?: string; readonly status?: RunStatus; readonly limit: number }): Promise<JobRun[]>;
  /** the latest scheduled time of the job's schedule and catch-up runs, if any */
  lastScheduledMs(job: string): Promise<number | undefined>;
  /** runs left queued or running (by a process that stopped) */
  unfinished(job: string): Promise<JobRun[]>;
}

export function createJobRunStore(store: StoreConnection): JobRunStore {
  return {
    async write(run, version) {
      const row = {
        run_id: run.runId,
        job: run.job,
        app_id: run.appId,
        parameters: JSON.stringify(run.parameters),
        trigger: run.trigger,
        scheduled_at: toEngineTime(run.scheduledMs),
        queued_at: toEngineTime(run.queuedMs),
        started_at: run.startedMs === null ? null : toEngineTime(run.startedMs),
        finished_at: run.finishedMs === null ? null : toEngineTime(run.finishedMs),
        status: run.status,
        attempt: run.attempt,
        rows_done: run.rowsDone,
        error: run.error.slice(0, 2000),
        summary: JSON.stringify(run.summary),
        version,
      };
      await store.insertJsonEachRow('job_runs', Buffer.from(`${JSON.stringify(row)}\n`));
    },

    async get(runId) {
      const rows = await store.query<Row>(`SELECT ${COLUMNS} FROM job_runs FINAL WHERE run_id = {runId:String} LIMIT 1`, { runId });
      return rows[0] && fromRow(rows[0]);
    },

    async list({ job, appId, status, limit }) {
      const rows = await store.query<Row>(
        `SELECT ${COLUMNS} FROM job_runs FINAL WHERE job = {job:String}` +
          (appId === undefined ? '' : ' AND app_id = {appId:String}') +
          (status === undefined ? '' : ' AND status = {status:String}') +
          ' ORDER BY queued_at DESC, run_id DESC LIMIT {limit:UInt32}',
        { job, appId, status, limit },
      );
      return rows.map(fromRow);
    },

    async lastScheduledMs(job) {
      const [row] = await store.query<{ n: number; t: string }>(
        "SELECT count() AS n, max(scheduled_at) AS t FROM job_runs FINAL WHERE job = {job:String} AND trigger IN ('schedule', 'catch_up')",
        { job },
      );
      return row && row.n > 0 ? engineMs(row.t) : undefined;
    },

    async unfinished(job) {
      const rows = await store.query<Row>(`SELECT ${COLUMNS} FROM job_runs FINAL WHERE job = {job:String} AND status IN ('queued', 'running') ORDER BY queued_at`, { job });
      return rows.map(fromRow);
    },
  };
}
