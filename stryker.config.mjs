// Mutation testing of the read side and the domain's progress rules: `npm run mutation` (tens of minutes;
// not part of `npm test`). Narrow a run with `--mutate <glob>`; reports land in reports/mutation.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'test/mutation/jest.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/projections/src/read-models/**/*.ts',
    'libs/projections/src/progress/**/*.ts',
    'libs/domain/src/progress/**/*.ts',
    '!**/*.spec.ts',
    '!**/testing/**',
  ],
  // The sandbox needs libs/ and the configs only.
  ignorePatterns: ['dist', 'test-output', 'data', 'coverage', 'bench', 'docker', 'apps', 'reports'],
  concurrency: 1,
  // An infinite loop (a mutated loop bound) is cut after this; under load the specs' own times vary a lot.
  timeoutMS: 10000,
  // The first run collects per-test coverage of instrumented code (forecasts of 10,000 trials): slow under load.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 85, low: 70, break: null },
};
