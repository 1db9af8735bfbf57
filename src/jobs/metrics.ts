// Job metrics on the instance's Prometheus registry: how long runs take, how many fail, and when
// each job last succeeded (alert on `time() - tally_job_last_success_timestamp_seconds`).

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunStatus } from './job-runs.ts';

export interface JobMetrics {
  onRunFinished(job: string, status: RunStatus, seconds: number, finishedMs: number): void;
  onAttemptFailed(job: string): void;
}

export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  const duration = new Histogram({
    name: 'tally_job_run_duration_seconds',
    help: 'Duration of finished job runs (all attempts and backoff), by job and final status',
    labelNames: ['job', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
    registers,
  });
  const failures = new Counter({ name: 'tally_job_failures_total', help: 'Failed job attempts (each retry counts), by job', labelNames: ['job'], registers });
  const failedRuns = new Counter({ name: 'tally_job_runs_failed_total', help: 'Job runs that failed after their last attempt, by job', labelNames: ['job'], registers });
  const lastSuccess = new Gauge({ name: 'tally_job_last_success_timestamp_seconds', help: 'When each job last finished a run succeeded or skipped (epoch seconds)', labelNames: ['job'], registers });
  return {
    onRunFinished(job, status, seconds, finishedMs) {
      duration.observe({ job, status }, seconds);
      if (status === 'failed') failedRuns.inc({ job });
      else lastSuccess.set({ job }, finishedMs / 1000);
    },
    onAttemptFailed(job) {
      failures.inc({ job });
    },
  };
}
