// `tally jobs`: the scheduler as its own process, for a server store (several may run: a lease
// keeps one runner per job), with the job metrics on TALLY_METRICS_PORT. `tally jobs run NAME
// [--app ID] [--from T --to T] [--param key=value]...`: one run now, or a backfill (one run per
// scheduled time in [from, to)), for one app or every app, with a progress line; exits 1 when a
// run failed. With the embedded store the data directory must be free (a running `tally serve`
// owns it: use POST /v1/jobs/{name}/runs there).

import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { createAppRegistry } from '../access/index.ts';
import { createAlertService, createSlowQueryLog } from '../alerts/index.ts';
import type { Config } from '../config/index.ts';
import { TallyError } from '../errors.ts';
import { EXIT, stopOnSignal, withOwnedStore } from '../lifecycle.ts';
import { builtInJobs } from '../job-definitions.ts';
import { createRealtimeMetrics } from '../query/index.ts';
import { createSinkService } from '../sinks/index.ts';
import { createLogger, startMetricsServer, type Logger } from '../observability/index.ts';
import { resolveTimeRange, startPropertyColumnRefresh } from '../query/index.ts';
import { migrate, openOwnedStore, type StoreConnection } from '../store/index.ts';
import type { JobRun } from './job-runs.ts';
import { createJobService } from './service.ts';

export const JOBS_USAGE = `  jobs                  run the scheduled jobs (for a server store; \`tally serve\` runs them with
                        the embedded store); one process per job at a time holds its lease
  jobs run NAME [--app ID] [--from T --to T] [--param key=value]...
                        run a job now, or backfill one run per scheduled time in [from, to),
                        for one app or every app; prints progress, exits 1 if a run failed
`;

/** every built-in job, with the parts it needs opened on this process's store */
function builtIn(config: Config, store: StoreConnection, apps: ReturnType<typeof createAppRegistry>, registry: Registry, logger: Logger) {
  return builtInJobs({
    config,
    store,
    // other processes create apps: read the list again at each run
    apps: async () => {
      await apps.load();
      return apps.list();
    },
    sinks: createSinkService({ store, config: config.sinks, registry, logger }),
    realtimeMetrics: createRealtimeMetrics({ store, ttlSeconds: config.enrichment.dashboardMetricsTtlSeconds }),
    alerts: createAlertService({ store, config: config.alerts, registry, logger, slowQueries: createSlowQueryLog({ logMs: config.alerts.slowQueryLogMs, logger }) }),
  });
}

function parameterValue(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

async function runOnce(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { app: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, param: { type: 'string', multiple: true } },
  });
  const name = positionals[0];
  if (!name) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['usage: tally jobs run NAME [--app ID] [--from T --to T] [--param key=value]']);
  const parameters: Record<string, unknown> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`--param ${p}: expected key=value`]);
    parameters[p.slice(0, eq)] = parameterValue(p.slice(eq + 1));
  }
  if ((values.from === undefined) !== (values.to === undefined)) throw new TallyError('TALLY_ERR_REQUEST_INVALID', ['a backfill needs both --from and --to']);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  return withOwnedStore(config, async (store) => {
    await migrate(store);
    const apps = createAppRegistry(store);
    await apps.load();
    const registry = new Registry();
    const jobs = createJobService({ config: config.jobs, store, registry, logger, definitions: builtIn(config, store, apps, registry, logger), runSchedules: false });
    const { scheduler } = jobs;
    try {
      const appIds = values.app !== undefined ? [values.app] : apps.list();
      const queued: JobRun[] = [];
      for (const appId of appIds) {
        const request = { appId, parameters };
        if (values.from !== undefined && values.to !== undefined) {
          const range = resolveTimeRange(values.from, values.to, Date.now(), 3650);
          queued.push(...(await scheduler.backfill(name, request, range.fromMs, range.toMs)));
        } else {
          queued.push(await scheduler.enqueue(name, request));
        }
      }
      let failed = 0;
      for (const [i, run] of queued.entries()) {
        const done = await scheduler.finished(run.runId);
        if (done.status === 'failed') failed++;
        const what = `${new Date(done.scheduledMs).toISOString()}${done.appId ? ` app ${done.appId}` : ''}`;
        process.stderr.write(`[${i + 1}/${queued.length}] ${name} ${what}: ${done.status}, ${done.rowsDone} rows${done.error ? ` (${done.error})` : ''}\n`);
      }
      return failed > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      await jobs.close();
    }
  });
}

async function runScheduler(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const store = await openOwnedStore(config.store, config.dataDir, {});
  try {
    await migrate(store);
    const apps = createAppRegistry(store);
    await apps.load();
    const registry = new Registry();
    const jobs = createJobService({ config: config.jobs, store, registry, logger, definitions: builtIn(config, store, apps, registry, logger), runSchedules: true });
    await jobs.start();
    // jobs ask questions too: on a shared server store, the materialized columns other processes change
    const propertyColumns = startPropertyColumnRefresh(store, (err) => logger.warn({ err }, 'materialized property columns could not be read again'));
    const metrics = await startMetricsServer(registry, config.metricsPort, config.host);
    process.stderr.write(`Tally jobs: ${jobs.scheduler.jobs().map((j) => `${j.name} (${j.schedule ?? 'manual'})`).join(', ')} (metrics on :${metrics.port}/metrics)\n`);
    stopOnSignal(
      {
        logger,
        async close() {
          propertyColumns.stop();
          await jobs.close();
          await metrics.close();
          await store.close();
        },
      },
      'finishing the run in progress',
    );
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}

/** `tally jobs` (a long-running scheduler) or `tally jobs run …` (exit code when done) */
export async function jobsCommand(config: Config, args: string[]): Promise<number | undefined> {
  if (args[0] === 'run') return runOnce(config, args.slice(1));
  if (args.length > 0) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`unknown jobs command ${args[0]}: use \`tally jobs\` or \`tally jobs run NAME\``]);
  await runScheduler(config);
  return undefined;
}
