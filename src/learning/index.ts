// Public surface of the learning room: seed 000's action weights (computation, history, write-back,
// job) and seed 002's learner model (curriculum, derived tables, formulas, jobs, learner tokens).

export { CALCULATION_VERSION, DEFAULT_SOURCE, computeActionWeights, computationHistory, currentComputation, saveComputation, softmax } from './action-weights.ts';
export type { ActionWeight, ActionWeightsResult, ActionWeightsSource, ActionWeightsSpec, StoredComputation } from './action-weights.ts';
export { writeBackWeights } from './write-back.ts';
export type { WriteBackTarget } from './write-back.ts';
export { ACTION_WEIGHTS_JOB, actionWeightsJob, actionWeightsParameters } from './action-weights-job.ts';
export type { ActionWeightsJobOptions, ActionWeightsParameters } from './action-weights-job.ts';

export { MAX_TOPICS_PER_APP, createCurriculum, loadTopics } from './curriculum.ts';
export type { Curriculum, StoredTopic, Topic } from './curriculum.ts';
export { checkAcyclic, checkReferences, findCycle } from './topic-graph.ts';
export type { TopicLinks } from './topic-graph.ts';
export { LEARNING_EVENT_SCHEMAS, LEARNING_TRACKER_ALIASES, installLearningSchemas } from './event-schemas.ts';
export type { LearningEventSchema } from './event-schemas.ts';
export { LEARNING_EVENTS } from './learner-sql.ts';
export { CALCULATION_VERSIONS, DEFAULT_CALCULATION_VERSION, FAST_ANSWER_SECONDS, MAX_INTERVAL_DAYS, QUALITY_NO_TIME, QUALITY_WRONG, SLOW_ANSWER_SECONDS, isCalculationVersion } from './spaced-repetition.ts';
export type { CalculationVersion } from './spaced-repetition.ts';
export { MASTERY_WEIGHTS, writeReviewSchedule, writeTopicMastery } from './mastery.ts';
export type { LearnerChunk } from './mastery.ts';
export { MASTERY_THRESHOLD, PRIORITY_WEIGHTS, RECENT_DAYS, writeKnowledgeGaps } from './gaps.ts';
export { DAY_MS, STATS_CALCULATION_VERSION, activeLearners, metricLearners, writeDailyUserStats, writeTopicDailyStats, writeUserLearningMetrics } from './daily-stats.ts';
export { USERS_PER_CHUNK, chunkUsers, runInChunks } from './user-chunks.ts';
export type { PassKey, PassResult, UserChunk } from './user-chunks.ts';
export { LEARNING_JOBS, LEARNING_SCHEDULES, learnerJobs } from './learner-jobs.ts';
export type { LearnerJobsOptions } from './learner-jobs.ts';
export { MATERIAL_COMPLETED_AT, dailyRows, dashboard, dueReviews, learnerGaps, learnerMastery, materialProgress, questionHistory, recentSessions } from './learner-views.ts';
export type { DailyRow, DueReview, GapRow, HistoryAttempt, LearnerRef, MasteryRow, MaterialRow, Overview, SessionRow, WindowOverview } from './learner-views.ts';
export { firstAttemptAccuracy, masteryDistribution, topicPerformance } from './app-views.ts';
export type { FirstAttemptAccuracy, MasteryDistribution, TopicDay } from './app-views.ts';
export { DEFAULT_TTL_SECONDS, LEARNER_TOKEN_PREFIX, MAX_TTL_SECONDS, createLearnerTokens, isLearnerToken, learnerKeyId } from './learner-token.ts';
export type { LearnerGrant, LearnerTokens } from './learner-token.ts';
export { REALTIME_VIEWS, rebuildRealtimeTables } from './rebuild.ts';
