// Public surface of codegen: typed tracking plans generated from the schema registry.
export { generateTrackingPlan, pascalCase } from './tracking-plan.ts';
export type { PlanSchema, TrackingPlanOptions } from './tracking-plan.ts';
export { propertiesType } from './json-schema-to-ts.ts';
export { codegenCommand, fetchSchemas, readSchemasFromStore } from './command.ts';
