// Statistics for experiments. Distributions come from jstat; everything here is plain functions
// of counts and summaries, tested against known figures.
export { normal, studentT, chiSquare, betaDist } from './distributions.ts';
export { compareProportions, twoProportionZTest, zCritical } from './proportions.ts';
export type { ProportionComparison } from './proportions.ts';
export { welchTTest } from './welch.ts';
export type { MeanComparison, SampleSummary } from './welch.ts';
export { sampleRatioMismatch, SRM_THRESHOLD } from './srm.ts';
export type { SrmCheck } from './srm.ts';
export { holmAdjust } from './multiple.ts';
export { msprt, DEFAULT_MSPRT_TAU } from './sequential.ts';
export type { SequentialLook } from './sequential.ts';
export { betaPosterior, normalPosterior, probabilityBest, MAX_POSTERIOR_EVALUATIONS } from './bayes.ts';
export type { Posterior } from './bayes.ts';
export { analyzeExperiment } from './experiment-analysis.ts';
export type { AnalysisOptions, ConversionLook, ExperimentAnalysis, VariantSummary, VariantResult, Comparison } from './experiment-analysis.ts';
export { createAnalysisPool } from './analysis-pool.ts';
export type { AnalysisPool, AnalysisPoolOptions } from './analysis-pool.ts';
