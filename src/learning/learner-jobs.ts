// The learner model's jobs, on the scheduler of src/jobs (seed 002's schedule), one run per app,
// each working through its learners in chunks of 1,000 (user-chunks.ts: resumable, idempotent):
//   learning_daily_stats    00:05 UTC: the previous UTC day's daily_user_stats and
//                           topic_daily_stats, then user_learning_metrics as of that day
//   learning_mastery        01:30 UTC nightly: review_schedule and topic_mastery of every learner
//                           as of the run's time
//   learning_mastery_recent every 10 minutes: the same for learners whose learning events arrived
//                           in the last 11 minutes (the minute of overlap covers a late run)
//   learning_gaps           03:00 UTC: knowledge_gaps from the latest mastery
//   learning_rebuild        manual only: refills the real-time tables of an app from `events`
// Mastery and gaps take `calculation_version` (1: the seed's review rule, 2: SM-2); a backfill with
// another version (POST /v1/jobs/learning_mastery/runs, `tally jobs run … --param
// calculation_version=2`) writes that version's rows beside the current ones.

import { TallyError } from '../errors.ts';
import { toEngineTime } from '../event/index.ts';
import type { JobContext, JobDefinition, JobOutcome, RunRequest } from '../jobs/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { DAY_MS, STATS_CALCULATION_VERSION, activeLearners, metricLearners, writeDailyUserStats, writeTopicDailyStats, writeUserLearningMetrics } from './daily-stats.ts';
import { writeKnowledgeGaps } from './gaps.ts';
import { writeReviewSchedule, writeTopicMastery } from './mastery.ts';
import { rebuildRealtimeTables } from './rebuild.ts';
import { DEFAULT_CALCULATION_VERSION, isCalculationVersion, type CalculationVersion } from './spaced-repetition.ts';
import { runInChunks, type UserChunk } from './user-chunks.ts';

export const LEARNING_JOBS = Object.freeze({
  dailyStats: 'learning_daily_stats',
  mastery: 'learning_mastery',
  masteryRecent: 'learning_mastery_recent',
  gaps: 'learning_gaps',
  rebuild: 'learning_rebuild',
});

export const LEARNING_SCHEDULES = Object.freeze({
  dailyStats: '5 0 * * *',
  mastery: '30 1 * * *',
  masteryRecent: '*/10 * * * *',
  gaps: '0 3 * * *',
});

/** how far back learning_mastery_recent looks for arrived events */
export const RECENT_ARRIVALS_MS = 11 * 60_000;

export interface LearnerJobsOptions {
  readonly store: StoreConnection;
  /** the apps a scheduled time runs for */
  readonly apps: () => readonly string[] | Promise<readonly string[]>;
  readonly now?: () => number;
  /** users per chunk (default 1,000) */
  readonly chunkSize?: number;
  /** called before each chunk's work (tests stop a run part-way here) */
  readonly beforeChunk?: (job: string, chunk: UserChunk) => void;
}

function invalid(what: string): never {
  throw new TallyError('TALLY_ERR_REQUEST_INVALID', [what]);
}

function versionOf(parameters: Readonly<Record<string, unknown>>): CalculationVersion {
  const v = parameters.calculation_version ?? DEFAULT_CALCULATION_VERSION;
  if (!isCalculationVersion(v)) invalid('calculation_version must be 1 (the seed\'s review rule) or 2 (SM-2)');
  return v;
}

export function learnerJobs(options: LearnerJobsOptions): JobDefinition[] {
  const { store } = options;
  const now = options.now ?? Date.now;
  const chunked = (ctx: JobContext, job: string, version: number, users: readonly string[], work: (c: UserChunk) => Promise<void>) =>
    runInChunks(store, { job, appId: ctx.appId, scheduledMs: ctx.scheduledMs, version, runId: ctx.runId }, users, async (c) => {
      options.beforeChunk?.(job, c);
      await work(c);
    }, { size: options.chunkSize, now, onChunk: (n) => ctx.progress(n) });

  const perApp = (withVersion: boolean) => ({
    scheduledRuns: async () => (await options.apps()).map((appId) => ({ appId, parameters: withVersion ? { calculation_version: DEFAULT_CALCULATION_VERSION } : {} })),
    parameters(request: RunRequest): RunRequest {
      if (!request.appId) invalid('app_id is required');
      const known = withVersion ? ['calculation_version'] : [];
      for (const k of Object.keys(request.parameters)) if (!known.includes(k)) invalid(`unknown parameter ${k.slice(0, 64)}`);
      return { appId: request.appId, parameters: withVersion ? { calculation_version: versionOf(request.parameters) } : {} };
    },
  });

  const masteryRun = async (ctx: JobContext, job: string, users: string[]): Promise<JobOutcome> => {
    const version = versionOf(ctx.parameters);
    if (users.length === 0) return { status: 'skipped', rows: 0, summary: { reason: 'no learner to compute', calculation_version: version } };
    const computedAtMs = now();
    const pass = await chunked(ctx, job, version, users, async (c) => {
      const chunk = { appId: ctx.appId, users: c.users, asOfMs: ctx.scheduledMs, version, computedAtMs };
      await writeReviewSchedule(store, chunk);
      await writeTopicMastery(store, chunk);
    });
    return { status: 'succeeded', rows: users.length, summary: { learners: users.length, chunks: pass.chunks, resumed_chunks: pass.resumed, calculation_version: version } };
  };

  const dailyStats: JobDefinition = {
    name: LEARNING_JOBS.dailyStats,
    description: "Seed 002: the previous UTC day's daily_user_stats and topic_daily_stats, then user_learning_metrics (7/30/90 days)",
    schedule: LEARNING_SCHEDULES.dailyStats,
    ...perApp(false),
    async run(ctx) {
      const dayMs = Math.floor(ctx.scheduledMs / DAY_MS) * DAY_MS - DAY_MS;
      const computedAtMs = now();
      const day = new Date(dayMs).toISOString().slice(0, 10);
      const active = await activeLearners(store, ctx.appId, dayMs);
      const daily = await chunked(ctx, LEARNING_JOBS.dailyStats, STATS_CALCULATION_VERSION, active, (c) => writeDailyUserStats(store, { appId: ctx.appId, users: c.users, dayMs, computedAtMs }));
      if (active.length > 0) await writeTopicDailyStats(store, { appId: ctx.appId, dayMs, computedAtMs });
      const learners = await metricLearners(store, ctx.appId, dayMs);
      if (active.length === 0 && learners.length === 0) return { status: 'skipped', rows: 0, summary: { day, reason: 'no learning events in the last 91 days' } };
      const metrics = await chunked(ctx, `${LEARNING_JOBS.dailyStats}.metrics`, STATS_CALCULATION_VERSION, learners, (c) => writeUserLearningMetrics(store, { appId: ctx.appId, users: c.users, dayMs, computedAtMs }));
      return { status: 'succeeded', rows: active.length + learners.length, summary: { day, active_learners: active.length, metric_learners: learners.length, chunks: daily.chunks + metrics.chunks, resumed_chunks: daily.resumed + metrics.resumed, calculation_version: STATS_CALCULATION_VERSION } };
    },
  };

  const mastery: JobDefinition = {
    name: LEARNING_JOBS.mastery,
    description: 'Seed 002: review_schedule and topic_mastery of every learner (nightly)',
    schedule: LEARNING_SCHEDULES.mastery,
    ...perApp(true),
    async run(ctx) {
      return masteryRun(ctx, LEARNING_JOBS.mastery, await allLearners(store, ctx.appId, ctx.scheduledMs));
    },
  };

  const masteryRecent: JobDefinition = {
    name: LEARNING_JOBS.masteryRecent,
    description: 'Seed 002: review_schedule and topic_mastery of the learners with new answers or reading',
    schedule: LEARNING_SCHEDULES.masteryRecent,
    ...perApp(true),
    async run(ctx) {
      return masteryRun(ctx, LEARNING_JOBS.masteryRecent, await recentLearners(store, ctx.appId, ctx.scheduledMs));
    },
  };

  const gaps: JobDefinition = {
    name: LEARNING_JOBS.gaps,
    description: 'Seed 002: knowledge_gaps ranked by priority, from the latest mastery',
    schedule: LEARNING_SCHEDULES.gaps,
    ...perApp(true),
    async run(ctx) {
      const version = versionOf(ctx.parameters);
      const users = (
        await store.query<{ user_id: string }>(
          'SELECT DISTINCT user_id FROM topic_mastery WHERE app_id = {app:String} AND calculation_version = {version:UInt16} ORDER BY user_id',
          { app: ctx.appId, version },
        )
      ).map((r) => r.user_id);
      if (users.length === 0) return { status: 'skipped', rows: 0, summary: { reason: 'no mastery computed yet', calculation_version: version } };
      const pass = await chunked(ctx, LEARNING_JOBS.gaps, version, users, (c) => writeKnowledgeGaps(store, { appId: ctx.appId, users: c.users, asOfMs: ctx.scheduledMs, version, computedAtMs: now() }));
      return { status: 'succeeded', rows: users.length, summary: { learners: users.length, chunks: pass.chunks, resumed_chunks: pass.resumed, calculation_version: version } };
    },
  };

  const rebuild: JobDefinition = {
    name: LEARNING_JOBS.rebuild,
    description: 'Seed 002: refills question_attempts, study_sessions and material_interactions of an app from its events (manual; run while its ingest is quiet)',
    ...perApp(false),
    async run(ctx) {
      const rows = await rebuildRealtimeTables(store, ctx.appId);
      return { status: 'succeeded', rows: Object.values(rows).reduce((a, b) => a + b, 0), summary: rows };
    },
  };

  return [dailyStats, mastery, masteryRecent, gaps, rebuild];
}

/** learners with an answer or a material event before `asOfMs`, sorted */
async function allLearners(store: StoreConnection, appId: string, asOfMs: number): Promise<string[]> {
  const rows = await store.query<{ user_id: string }>(
    `SELECT user_id FROM (
       SELECT DISTINCT user_id FROM question_attempts WHERE app_id = {app:String} AND attempted_at < {asOf:DateTime64(3, 'UTC')}
       UNION DISTINCT
       SELECT DISTINCT user_id FROM events WHERE app_id = {app:String} AND event_name IN ('material_open', 'material_progress') AND timestamp < {asOf:DateTime64(3, 'UTC')}
     ) WHERE user_id != '' ORDER BY user_id`,
    { app: appId, asOf: toEngineTime(asOfMs) },
  );
  return rows.map((r) => r.user_id);
}

/** learners whose answers or material events arrived in the RECENT_ARRIVALS_MS before `asOfMs`, sorted */
async function recentLearners(store: StoreConnection, appId: string, asOfMs: number): Promise<string[]> {
  const rows = await store.query<{ user_id: string }>(
    `SELECT DISTINCT user_id FROM events
     WHERE app_id = {app:String} AND event_name IN ('question_answered', 'material_open', 'material_progress')
       AND received_at >= {from:DateTime64(3, 'UTC')} AND received_at < {asOf:DateTime64(3, 'UTC')} AND timestamp < {asOf:DateTime64(3, 'UTC')} AND user_id != ''
     ORDER BY user_id`,
    { app: appId, from: toEngineTime(asOfMs - RECENT_ARRIVALS_MS), asOf: toEngineTime(asOfMs) },
  );
  return rows.map((r) => r.user_id);
}
