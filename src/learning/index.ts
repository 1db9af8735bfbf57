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
