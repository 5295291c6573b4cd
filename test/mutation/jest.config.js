/**
 * Jest for mutation testing (stryker.config.mjs): the unit specs of the read side and of the domain only,
 * the project Stryker reruns for each mutant. Same transform and module map as the unit project.
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
    '<rootDir>/libs/domain/src/**/*.spec.ts',
  ],
  // The decider's property fuzz replays read models through libs/audit, thousands of events per run: it would
  // run for every mutant of the read models and covers nothing the read side's own specs do not.
  testPathIgnorePatterns: ['/node_modules/', 'market\\.fuzz\\.spec\\.ts$'],
};
