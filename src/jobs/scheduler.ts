// The job scheduler: cron schedules (croner computes the times; the injected clock waits for them),
// the run record of every run, retries with backoff and jitter, catch-up of times missed while the
// process was down, manual runs and backfills. Runs of one job never overlap: each job has one
// queue worked one run at a time, and with a server store a lease (lease.ts) keeps one process
// running a job at a time. Outputs must be idempotent (a job writes keyed by its scheduled time),
// so a retried or repeated run replaces what an earlier one wrote.
// It runs in the process that owns the store: `tally serve` with the embedded store, `tally jobs`
// with a server store. It never runs a job's work outside a recorded run.

import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { TallyError } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import { backoffDelayMs } from './backoff.ts';
import { sleep, systemClock, type Clock, type Timer } from './clock.ts';
import type { JobRun, JobRunStore, RunStatus, RunTrigger } from './job-runs.ts';
import type { JobLease } from './lease.ts';
import type { JobMetrics } from './metrics.ts';

export interface JobContext {
  readonly runId: string;
  readonly appId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** the time the run computes for (epoch ms) */
  readonly scheduledMs: number;
  readonly attempt: number;
  /** reports progress (recorded as `rows_done`; the CLI prints it) */
  progress(rowsDone: number): void;
}

export interface JobOutcome {
  /** skipped: nothing to do (e.g. no data); the previous output stays */
  readonly status: 'succeeded' | 'skipped';
  readonly rows: number;
  readonly summary?: Readonly<Record<string, unknown>>;
}

export interface RunRequest {
  readonly appId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  /** cron expression in UTC (5 or 6 fields); none: manual runs only */
  readonly schedule?: string;
  /** the runs one scheduled time starts, e.g. one per app (default: one run without an app) */
  scheduledRuns?(): RunRequest[] | Promise<RunRequest[]>;
  /** checks and completes a manual run's parameters; throws TallyError('TALLY_ERR_REQUEST_INVALID') */
  parameters?(request: RunRequest): RunRequest;
  run(ctx: JobContext): Promise<JobOutcome>;
}

export type CatchUpPolicy = 'all' | 'latest' | 'none';

export interface SchedulerOptions {
  readonly runs: JobRunStore;
  readonly jobs: readonly JobDefinition[];
  readonly logger: Logger;
  readonly metrics: JobMetrics;
  readonly clock?: Clock;
  /** attempts per run, the first included (default 3) */
  readonly attempts?: number;
  /** delay before the first retry (default 30 000 ms), doubled per retry, jittered, at most maxRetryDelayMs */
  readonly retryBaseDelayMs?: number;
  /** default 600 000 ms */
  readonly maxRetryDelayMs?: number;
  /** times missed while down: run all of them (at most maxCatchUpRuns per job), the latest, or none (default all) */
  readonly catchUp?: CatchUpPolicy;
  /** default 100 */
  readonly maxCatchUpRuns?: number;
  /** across processes (server store); none with the embedded store */
  readonly lease?: JobLease;
  /** how often a run waiting for another process's lease asks again (default 5000 ms) */
  readonly leasePollMs?: number;
  readonly random?: () => number;
}

export interface Scheduler {
  /** catches up missed times, marks runs a stopped process left unfinished, and arms the schedules */
  start(): Promise<void>;
  jobs(): ReadonlyArray<{ readonly name: string; readonly description: string; readonly schedule: string | null; readonly nextRunMs: number | null }>;
  /** queues one run; resolves with its queued record (the run proceeds in the background) */
  enqueue(job: string, request: RunRequest, options?: { readonly scheduledMs?: number; readonly trigger?: RunTrigger }): Promise<JobRun>;
  /** queues one run per scheduled time in [fromMs, toMs) (per day for jobs without a schedule) */
  backfill(job: string, request: RunRequest, fromMs: number, toMs: number): Promise<JobRun[]>;
  /** resolves when the run has finished (succeeded, failed or skipped) */
  finished(runId: string): Promise<JobRun>;
  /** resolves when every queue is empty */
  idle(): Promise<void>;
  readonly runs: JobRunStore;
  /** stops the schedules and waits for the run in progress; queued runs stay recorded as queued */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const MAX_BACKFILL_RUNS = 1000;

interface Pending {
  run: JobRun;
  done: Array<(run: JobRun) => void>;
}

function cronOf(def: JobDefinition): Cron | undefined {
  return def.schedule === undefined ? undefined : new Cron(def.schedule, { timezone: 'UTC', paused: true });
}

/** scheduled times in (afterMs, untilMs], oldest first */
function timesBetween(cron: Cron, afterMs: number, untilMs: number, max: number): number[] {
  const out: number[] = [];
  let cursor = new Date(afterMs);
  for (;;) {
    const next = cron.nextRun(cursor);
    if (!next || next.getTime() > untilMs) break;
    out.push(next.getTime());
    if (out.length > max) out.shift();
    cursor = next;
  }
  return out;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { runs, logger, metrics, lease } = options;
  const clock = options.clock ?? systemClock;
  const attempts = options.attempts ?? 3;
  const backoff = { baseDelayMs: options.retryBaseDelayMs ?? 30_000, maxDelayMs: options.maxRetryDelayMs ?? 600_000 };
  const catchUp = options.catchUp ?? 'all';
  const maxCatchUpRuns = options.maxCatchUpRuns ?? 100;
  const leasePollMs = options.leasePollMs ?? 5000;
  const random = options.random ?? Math.random;
  const defs = new Map(options.jobs.map((d) => [d.name, d]));
  const crons = new Map(options.jobs.map((d) => [d.name, cronOf(d)]));
  const queues = new Map<string, Pending[]>(options.jobs.map((d) => [d.name, []]));
  const working = new Map<string, Promise<void>>();
  const waiters = new Map<string, Array<(run: JobRun) => void>>();
  const timers = new Map<string, Timer>();
  let closed = false;
  let lastVersion = 0;

  // backoff waits end early on close, so shutdown never waits out a retry delay
  const wakers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        wakers.delete(wake);
        timer.cancel();
        resolve();
      };
      const timer = clock.setTimer(wake, ms);
      wakers.add(wake);
    });

  const version = () => (lastVersion = Math.max(lastVersion + 1, clock.now() * 1000));

  function definition(name: string): JobDefinition {
    const def = defs.get(name);
    if (!def) throw new TallyError('TALLY_ERR_JOB_UNKNOWN', [name.slice(0, 100)]);
    return def;
  }

  async function save(run: JobRun): Promise<JobRun> {
    await runs.write(run, version());
    return run;
  }

  async function holdLease(job: string): Promise<void> {
    if (!lease) return;
    while (!(await lease.tryAcquire(job))) {
      if (closed) throw new Error('scheduler closed');
      await sleep(clock, leasePollMs);
    }
  }

  async function execute(def: JobDefinition, queued: JobRun): Promise<JobRun> {
    const startedMs = clock.now();
    let run: JobRun = { ...queued, status: 'running', startedMs, attempt: 0 };
    for (let attempt = 1; ; attempt++) {
      run = await save({ ...run, status: 'running', attempt });
      let rowsDone = 0;
      let lastProgressWrite = 0;
      const ctx: JobContext = {
        runId: run.runId,
        appId: run.appId,
        parameters: run.parameters,
        scheduledMs: run.scheduledMs,
        attempt,
        progress(rows) {
          rowsDone = rows;
          // recorded at most every 2 s: a run's history is not a progress log
          if (clock.now() - lastProgressWrite >= 2000) {
            lastProgressWrite = clock.now();
            save({ ...run, rowsDone }).catch(() => {});
          }
        },
      };
      try {
        const outcome = await def.run(ctx);
        const finishedMs = clock.now();
        run = await save({ ...run, status: outcome.status, rowsDone: outcome.rows, finishedMs, error: '', summary: outcome.summary ?? {} });
        metrics.onRunFinished(def.name, outcome.status, (finishedMs - startedMs) / 1000, finishedMs);
        return run;
      } catch (err) {
        metrics.onAttemptFailed(def.name);
        const message = err instanceof Error ? err.message : String(err);
        logger.warn({ err, job: def.name, runId: run.runId, attempt }, 'job attempt failed');
        if (attempt >= attempts || closed) {
          const finishedMs = clock.now();
          run = await save({ ...run, status: 'failed', rowsDone, finishedMs, error: message });
          metrics.onRunFinished(def.name, 'failed', (finishedMs - startedMs) / 1000, finishedMs);
          return run;
        }
        // waiting for the next attempt: queued again, with the error that caused the retry
        run = await save({ ...run, status: 'queued', rowsDone, error: message });
        await pause(backoffDelayMs(attempt, backoff, random));
      }
    }
  }

  function notify(runId: string, run: JobRun): void {
    for (const w of waiters.get(runId) ?? []) w(run);
    waiters.delete(runId);
  }

  function work(name: string): void {
    if (working.has(name) || closed) return;
    const queue = queues.get(name) as Pending[];
    if (queue.length === 0) return;
    const def = definition(name);
    const loop = (async () => {
      try {
        await holdLease(name);
        while (queue.length > 0 && !closed) {
          const next = queue[0];
          let finished: JobRun;
          try {
            finished = await execute(def, next.run);
          } catch (err) {
            // the run record itself could not be written: the store is down; leave it queued
            logger.error({ err, job: name, runId: next.run.runId }, 'job run could not be recorded');
            break;
          }
          queue.shift();
          notify(next.run.runId, finished);
        }
      } catch (err) {
        if (!closed) logger.error({ err, job: name }, 'job queue stopped');
      } finally {
        await lease?.release(name).catch(() => {});
        working.delete(name);
      }
    })();
    working.set(name, loop);
  }

  async function enqueue(job: string, request: RunRequest, opts: { scheduledMs?: number; trigger?: RunTrigger } = {}): Promise<JobRun> {
    const def = definition(job);
    if (closed) throw new TallyError('TALLY_ERR_INGEST_SHUTTING_DOWN', []);
    const checked = def.parameters ? def.parameters(request) : request;
    const now = clock.now();
    const run = await save({
      runId: randomUUID(),
      job,
      appId: checked.appId,
      parameters: checked.parameters,
      trigger: opts.trigger ?? 'manual',
      scheduledMs: opts.scheduledMs ?? now,
      queuedMs: now,
      startedMs: null,
      finishedMs: null,
      status: 'queued',
      attempt: 0,
      rowsDone: 0,
      error: '',
      summary: {},
    });
    (queues.get(job) as Pending[]).push({ run, done: [] });
    work(job);
    return run;
  }

  async function fire(def: JobDefinition, scheduledMs: number, trigger: RunTrigger): Promise<void> {
    const requests = def.scheduledRuns ? await def.scheduledRuns() : [{ appId: '', parameters: {} }];
    for (const request of requests) await enqueue(def.name, request, { scheduledMs, trigger });
  }

  /** with a lease: only the process holding it starts the time's runs, and only if no process did */
  async function fireOnce(def: JobDefinition, at: number, trigger: RunTrigger): Promise<void> {
    if (!lease) return fire(def, at, trigger);
    if (((await runs.lastScheduledMs(def.name)) ?? -1) >= at) return;
    if (!(await lease.tryAcquire(def.name))) return;
    try {
      await fire(def, at, trigger);
    } finally {
      if (!working.has(def.name)) await lease.release(def.name);
    }
  }

  function arm(def: JobDefinition, cron: Cron, afterMs: number): void {
    if (closed) return;
    const next = cron.nextRun(new Date(afterMs));
    if (!next) return;
    const at = next.getTime();
    timers.set(
      def.name,
      clock.setTimer(() => {
        // a timer may fire a little early: wait out the rest
        if (clock.now() < at) return arm(def, cron, afterMs);
        fireOnce(def, at, 'schedule')
          .catch((err: unknown) => logger.error({ err, job: def.name }, 'scheduled run could not be started'))
          .finally(() => arm(def, cron, at));
      }, at - clock.now()),
    );
  }

  return {
    runs,

    async start() {
      const now = clock.now();
      for (const def of defs.values()) {
        // with the embedded store this process is the only runner: what a stopped one left is dead
        if (!lease) {
          for (const stale of await runs.unfinished(def.name)) {
            await save({ ...stale, status: 'failed', finishedMs: now, error: 'interrupted: the process running it stopped' });
          }
        }
        const cron = crons.get(def.name);
        if (!cron) continue;
        if (catchUp !== 'none') {
          const last = await runs.lastScheduledMs(def.name);
          const missed = last === undefined ? [] : timesBetween(cron, last, now, catchUp === 'latest' ? 1 : maxCatchUpRuns);
          if (missed.length > 0) logger.info({ job: def.name, missed: missed.length }, 'catching up scheduled runs missed while stopped');
          for (const t of missed) await fireOnce(def, t, 'catch_up');
        }
        arm(def, cron, now);
      }
    },

    jobs() {
      return [...defs.values()].map((d) => {
        const next = crons.get(d.name)?.nextRun(new Date(clock.now()));
        return { name: d.name, description: d.description, schedule: d.schedule ?? null, nextRunMs: next ? next.getTime() : null };
      });
    },

    enqueue,

    async backfill(job, request, fromMs, toMs) {
      const def = definition(job);
      const cron = crons.get(job);
      const times: number[] = [];
      if (cron) times.push(...timesBetween(cron, fromMs - 1, toMs - 1, MAX_BACKFILL_RUNS + 1));
      else for (let t = fromMs; t < toMs; t += DAY_MS) times.push(t);
      if (times.length > MAX_BACKFILL_RUNS) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`a backfill covers at most ${MAX_BACKFILL_RUNS} runs`]);
      const queued: JobRun[] = [];
      for (const t of times) queued.push(await enqueue(def.name, request, { scheduledMs: t, trigger: 'backfill' }));
      return queued;
    },

    async finished(runId) {
      const known = await runs.get(runId);
      const isFinal = (s: RunStatus) => s === 'succeeded' || s === 'failed' || s === 'skipped';
      const pending = [...queues.values()].some((q) => q.some((p) => p.run.runId === runId));
      if (known && (isFinal(known.status) || !pending)) return known;
      return new Promise((resolve) => {
        const list = waiters.get(runId) ?? [];
        list.push(resolve);
        waiters.set(runId, list);
      });
    },

    async idle() {
      while (working.size > 0) await Promise.all(working.values());
    },

    async close() {
      closed = true;
      for (const wake of [...wakers]) wake();
      for (const t of timers.values()) t.cancel();
      timers.clear();
      await Promise.all(working.values());
      await lease?.close();
    },
  };
}
