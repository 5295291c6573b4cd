export * from './step-row';
export * from './seeded-random';
export * from './reference-scenario.generator';
export * from './bulk-steps.generator';
