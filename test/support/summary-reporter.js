/**
 * Prints what was skipped and why (the suite titles say it), then one plain closing line,
 * `Tests: N passed, N failed, N skipped`, that any CI log reader understands.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending' || test.status === 'todo')
        .map((test) => [...test.ancestorTitles, test.title].join(' > ')),
    );
    for (const title of [...new Set(skipped)]) process.stdout.write(`SKIPPED: ${title}\n`);
    const {
      numPassedTests,
      numFailedTests,
      numPendingTests,
      numTodoTests,
      numFailedTestSuites,
      numRuntimeErrorTestSuites,
    } = results;
    // A suite that could not run has no failed test of its own: count it, so that it never reads as a pass.
    const brokenSuites = numFailedTests === 0 ? numFailedTestSuites + numRuntimeErrorTestSuites : 0;
    process.stdout.write(
      `\nTests: ${numPassedTests} passed, ${numFailedTests + brokenSuites} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
