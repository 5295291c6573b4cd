import buildCli from './build-cli.global-setup';
import buildDashboard from './build-dashboard.global-setup';

/** Builds what the e2e tests serve or run, once per test run: the dashboard assets and the CLI bin. */
export default function e2eGlobalSetup(): void {
  buildDashboard();
  buildCli();
}
