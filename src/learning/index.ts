// Public surface of the learning room: seed 000's action weights (computation, history, write-back, job).

export { CALCULATION_VERSION, DEFAULT_SOURCE, computeActionWeights, computationHistory, currentComputation, saveComputation, softmax } from './action-weights.ts';
export type { ActionWeight, ActionWeightsResult, ActionWeightsSource, ActionWeightsSpec, StoredComputation } from './action-weights.ts';
export { writeBackWeights } from './write-back.ts';
export type { WriteBackTarget } from './write-back.ts';
export { ACTION_WEIGHTS_JOB, actionWeightsJob, actionWeightsParameters } from './action-weights-job.ts';
export type { ActionWeightsJobOptions, ActionWeightsParameters } from './action-weights-job.ts';
