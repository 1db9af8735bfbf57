// Scheduled jobs over HTTP: the jobs, their runs (with status, attempts, progress and errors), and
// manual runs or backfills over a date range. Runs of per-app jobs belong to their app: a read key
// sees and starts runs of the apps it was granted; the admin token may list every app's runs.
// Starting a run only queues it (202): the answer never waits for the work.

import { Type, type Static } from 'typebox';
import { TallyError } from '../../errors.ts';
import type { JobRun, Scheduler } from '../../jobs/index.ts';
import { resolveTimeRange } from '../../query/index.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const JobName = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Status = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('skipped')]);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const Run = Type.Object({
  run_id: Type.String(),
  job: Type.String(),
  app_id: Type.String({ description: "the app the run is for ('' for jobs that are not per app)" }),
  parameters: Type.Record(Type.String(), Type.Unknown(), { description: 'the run parameters, defaults filled in' }),
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('catch_up'), Type.Literal('manual'), Type.Literal('backfill')]),
  scheduled_at: Type.String({ description: 'the time the run computes for; a re-run of the same time replaces its output' }),
  queued_at: Type.String(),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  attempt: Type.Integer({ description: 'attempts made (retries with backoff after failures)' }),
  rows_done: Type.Integer({ description: 'progress: rows the run has produced' }),
  error: Type.String({ description: "the last attempt's error, '' when none" }),
  summary: Type.Record(Type.String(), Type.Unknown(), { description: 'what the run did (counts, skip reason)' }),
});

function toWire(run: JobRun): Static<typeof Run> {
  return {
    run_id: run.runId,
    job: run.job,
    app_id: run.appId,
    parameters: { ...run.parameters },
    trigger: run.trigger,
    scheduled_at: iso(run.scheduledMs) as string,
    queued_at: iso(run.queuedMs) as string,
    started_at: iso(run.startedMs),
    finished_at: iso(run.finishedMs),
    status: run.status,
    attempt: run.attempt,
    rows_done: run.rowsDone,
    error: run.error,
    summary: { ...run.summary },
  };
}

const StartBody = Type.Object(
  {
    app_id: AppId,
    from: Type.Optional(Type.String({ maxLength: 40, description: 'backfill: one run per scheduled time in [from, to) (ISO date or time)' })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    parameters: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 20, description: "the job's own parameters (action_weights: lookback_days, temperature, concept_event, reward_property, action_event, action_property)" })),
  },
  { additionalProperties: false },
);

export const jobRoutes: RouteGroup<{ readonly jobs: Scheduler }> = async (app, { jobs }) => {
  const known = (name: string) => {
    if (!jobs.jobs().some((j) => j.name === name)) throw new TallyError('TALLY_ERR_JOB_UNKNOWN', [name]);
  };

  app.get(
    '/v1/jobs',
    {
      config: { access: 'read', app: 'query', refusal: 'list the jobs of app' },
      schema: {
        summary: 'The scheduled jobs: schedule and next run',
        operationId: 'listJobs',
        tags: ['jobs'],
        querystring: Type.Object({ app_id: Type.Optional(AppId) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            jobs: Type.Array(Type.Object({ name: Type.String(), description: Type.String(), schedule: Type.Union([Type.String(), Type.Null()], { description: 'cron, UTC' }), next_run_at: Type.Union([Type.String(), Type.Null()]) })),
          }),
          ...errorResponses(400),
        },
      },
    },
    async () => ({ jobs: jobs.jobs().map((j) => ({ name: j.name, description: j.description, schedule: j.schedule, next_run_at: iso(j.nextRunMs) })) }),
  );

  app.get(
    '/v1/jobs/:name/runs',
    {
      config: { access: 'read', app: 'query', refusal: 'read the job runs of app' },
      schema: {
        summary: "A job's runs, newest first",
        operationId: 'listJobRuns',
        tags: ['jobs'],
        params: Type.Object({ name: JobName }),
        querystring: Type.Object(
          { app_id: Type.Optional({ ...AppId, description: 'required with a read key; the admin token may omit it (every app)' }), status: Type.Optional(Status), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ runs: Type.Array(Run) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      known(req.params.name);
      const list = await jobs.runs.list({ job: req.params.name, appId: req.query.app_id, status: req.query.status, limit: req.query.limit ?? 100 });
      return { runs: list.map(toWire) };
    },
  );

  app.get(
    '/v1/jobs/:name/runs/:run_id',
    {
      config: { access: 'read', app: 'query', refusal: 'read the job runs of app' },
      schema: {
        summary: 'One run of a job',
        operationId: 'getJobRun',
        tags: ['jobs'],
        params: Type.Object({ name: JobName, run_id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }),
        querystring: Type.Object({ app_id: AppId }, { additionalProperties: false }),
        response: { 200: Run, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const run = await jobs.runs.get(req.params.run_id);
      if (!run || run.job !== req.params.name || run.appId !== req.query.app_id) throw new TallyError('TALLY_ERR_NOT_FOUND', [`run ${req.params.run_id}`]);
      return toWire(run);
    },
  );

  app.post(
    '/v1/jobs/:name/runs',
    {
      config: { access: 'read', app: 'body', refusal: 'start job runs for app', audit: 'change' },
      schema: {
        summary: 'Start a run now, or a backfill over a date range',
        operationId: 'startJobRuns',
        description:
          'Queues one run for now (its window ends now), or with from and to one run per scheduled time in [from, to) (per day for jobs without a schedule). ' +
          'Runs of one job never overlap; each is retried with backoff on failure. Outputs are keyed by the scheduled time, so a repeated run replaces what an earlier one wrote. ' +
          'Answers 202 with the queued runs; poll GET /v1/jobs/{name}/runs for their status. Admin token or a read key of the app.',
        tags: ['jobs'],
        params: Type.Object({ name: JobName }),
        body: StartBody,
        response: { 202: Type.Object({ runs: Type.Array(Run) }), ...errorResponses(...BODY_ERRORS, 404, 503) },
      },
    },
    async (req, reply) => {
      known(req.params.name);
      const { app_id: appId, from, to, parameters = {} } = req.body;
      const request = { appId, parameters };
      let queued: JobRun[];
      if (from !== undefined || to !== undefined) {
        if (from === undefined || to === undefined) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['a backfill needs both from and to']);
        const range = resolveTimeRange(from, to, Date.now(), 3650);
        queued = await jobs.backfill(req.params.name, request, range.fromMs, range.toMs);
      } else {
        queued = [await jobs.enqueue(req.params.name, request)];
      }
      return reply.code(202).send({ runs: queued.map(toWire) });
    },
  );
};
