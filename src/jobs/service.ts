// The jobs of one process, built from configuration: a scheduler over the built-in job definitions,
// its run records and metrics, and — with a server store, where several processes may run jobs — a
// lease per job. Every process can take manual runs; only the one that owns the store (`tally serve`
// with the embedded store) or a `tally jobs` process arms the schedules and catches up.

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { JobsConfig } from '../config/index.ts';
import type { Logger } from '../observability/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { createJobRunStore } from './job-runs.ts';
import { createStoreLease } from './lease.ts';
import { createJobMetrics } from './metrics.ts';
import { createScheduler, type JobDefinition, type Scheduler } from './scheduler.ts';

export interface JobServiceOptions {
  readonly config: JobsConfig;
  readonly store: StoreConnection;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly definitions: readonly JobDefinition[];
  /** arm the schedules and catch up (the store's owner process, or `tally jobs`) */
  readonly runSchedules: boolean;
  readonly clock?: Clock;
}

export interface JobService {
  readonly scheduler: Scheduler;
  readonly runsSchedules: boolean;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** does `tally serve` arm the schedules (TALLY_JOBS_SCHEDULER; auto: with the embedded store) */
export function serveRunsSchedules(config: JobsConfig, storeKind: 'embedded' | 'server'): boolean {
  return config.scheduler === 'on' || (config.scheduler === 'auto' && storeKind === 'embedded');
}

export function createJobService(options: JobServiceOptions): JobService {
  const { config, store, logger } = options;
  const clock = options.clock ?? systemClock;
  const lease =
    store.kind === 'server'
      ? createStoreLease({ store, clock, holder: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, ttlMs: config.leaseMs, settleMs: 1000 })
      : undefined;
  const scheduler = createScheduler({
    runs: createJobRunStore(store),
    jobs: options.definitions,
    logger,
    metrics: createJobMetrics(options.registry),
    clock,
    attempts: config.retryAttempts,
    retryBaseDelayMs: config.retryBaseMs,
    catchUp: config.catchUp,
    lease,
  });
  return {
    scheduler,
    runsSchedules: options.runSchedules,
    async start() {
      if (options.runSchedules) await scheduler.start();
    },
    close: () => scheduler.close(),
  };
}
