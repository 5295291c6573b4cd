/**
 * The e2e-gapped Jest project: every server its specs start (in process through TestServer, or as a child
 * process, which inherits this environment) uses an embedded store with sparse positions, as EventStoreDB's
 * are. Jest gives each test file its own process.env, so the other projects never see it.
 */
process.env.EMBEDDED_POSITION_GAPS = 'true';
