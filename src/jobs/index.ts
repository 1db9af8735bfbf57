// Public surface of the jobs room: the scheduler, run records, the lease, metrics and the clock.

export { createScheduler } from './scheduler.ts';
export type { Scheduler, SchedulerOptions, JobDefinition, JobContext, JobOutcome, RunRequest, CatchUpPolicy } from './scheduler.ts';
export { createJobRunStore, RUN_STATUSES, RUN_TRIGGERS } from './job-runs.ts';
export type { JobRun, JobRunStore, RunStatus, RunTrigger } from './job-runs.ts';
export { createStoreLease } from './lease.ts';
export type { JobLease, LeaseOptions } from './lease.ts';
export { createJobMetrics } from './metrics.ts';
export type { JobMetrics } from './metrics.ts';
export { systemClock, sleep } from './clock.ts';
export type { Clock, Timer } from './clock.ts';
export { backoffDelayMs } from './backoff.ts';
export { createJobService, serveRunsSchedules } from './service.ts';
export type { JobService, JobServiceOptions } from './service.ts';
export { jobsCommand, JOBS_USAGE } from './command.ts';
