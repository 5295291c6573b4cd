/**
 * Jest for mutation testing (stryker.config.mjs): the unit specs of libs/projections' read side and of
 * libs/domain's progress rules, the code that is mutated (the domain's deciders' specs cannot reach it, and a
 * mutant Stryker cannot trace to tests, a module-level constant, reruns every spec listed here). Same
 * transform and module map as the unit project.
 */
const root = require('../../jest.config.js');

const unit = root.projects.find((project) => project.displayName === 'unit');

module.exports = {
  ...unit,
  displayName: undefined,
  testTimeout: 60000,
  testMatch: [
    '<rootDir>/libs/projections/src/read-models/**/*.spec.ts',
    '<rootDir>/libs/projections/src/progress/**/*.spec.ts',
    '<rootDir>/libs/domain/src/progress/**/*.spec.ts',
  ],
};
