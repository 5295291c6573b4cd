/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, that any CI log reader understands.
 * Skipped tests are counted so that a skipped suite (EventStoreDB, browser) is never mistaken for a pass.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const {
      numPassedTests,
      numFailedTests,
      numPendingTests,
      numTodoTests,
      numFailedTestSuites,
      numRuntimeErrorTestSuites,
    } = results;
    const brokenSuites = numFailedTestSuites + numRuntimeErrorTestSuites > 0 && numFailedTests === 0 ? 1 : 0;
    process.stdout.write(
      `\nTests: ${numPassedTests} passed, ${numFailedTests + brokenSuites} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
