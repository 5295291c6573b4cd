/** Jest: unit specs next to the code, e2e specs in test/. Both compiled by @swc/jest. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@app/domain$': '<rootDir>/libs/domain/src',
  '^@app/event-store$': '<rootDir>/libs/event-store/src',
  '^@app/audit$': '<rootDir>/libs/audit/src',
  '^@app/projections$': '<rootDir>/libs/projections/src',
  '^@app/scenario$': '<rootDir>/libs/scenario/src',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  transform: {
    '^.+\\.ts$': swc,
    // A few dependencies ship only ES modules, which Jest cannot require on Node 20: compile them to CommonJS.
    '^.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};
module.exports = {
  // Real servers start in e2e tests; some start a Node process of their own.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // The API serves the dashboard from dist/dashboard: build it first when missing or out of date.
      globalSetup: '<rootDir>/test/support/e2e.global-setup.ts',
    },
  ],
};
