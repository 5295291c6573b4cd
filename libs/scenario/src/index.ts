export { orderingKey, STEP_FIELDS, STEP_KINDS, stepRequest, type StepKind, type StepRow } from './step-row';
export { seededRandom } from './seeded-random';
export { DEFAULT_SEED, referenceScenario } from './reference-scenario.generator';
export { bulkSteps } from './bulk-steps.generator';
