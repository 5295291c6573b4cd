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
  '^@app/api-client$': '<rootDir>/libs/api-client/src',
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
/** Re-run on sparse positions (the e2e-gapped project); chosen to cover every use of positions in ~1 min. */
const GAPPED_E2E_SPECS = [
  'write-guarantees',
  'progress',
  'audit-history',
  'audit-transparency',
  'audit-tamper',
  'audit-evidence',
  'read-model-recovery',
  'projection-operations',
];
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
    {
      ...common,
      // The core e2e specs once more on an embedded store whose positions have gaps, as EventStoreDB's do:
      // code that counts with positions or takes position - 1 for the previous event fails here.
      displayName: 'e2e-gapped',
      testMatch: GAPPED_E2E_SPECS.map((name) => `<rootDir>/test/${name}.e2e-spec.ts`),
      setupFiles: ['<rootDir>/test/support/gapped-positions.setup.ts'],
      globalSetup: '<rootDir>/test/support/e2e.global-setup.ts',
    },
  ],
};
