import { contractProblem, type ContractAnswer } from '../support/openapi-contract';
import { check, type CheckResult } from './chaos-checks';

/**
 * Every answer the run's clients get, checked against the server's OpenAPI document (loaded from the first
 * server that answers): under kills, restarts and retries the answers must still be the documented ones.
 */
export class ChaosContract {
  private readonly problems: string[] = [];
  private checked = 0;
  /** Answers not checked: the document could not be fetched (the server was being killed at that moment). */
  private unchecked = 0;

  async record(baseUrl: string, answer: ContractAnswer): Promise<void> {
    let problem: string | undefined;
    try {
      problem = await contractProblem(baseUrl, answer);
    } catch {
      this.unchecked += 1;
      return;
    }
    this.checked += 1;
    if (problem) this.problems.push(problem);
  }

  result(): CheckResult {
    const problems = [...this.problems];
    // Nearly every answer is checked (the document is fetched once); none checked means no check at all.
    if (this.checked === 0) problems.push(`no answer was checked (${this.unchecked} could not be)`);
    return check(
      'every answer matches the OpenAPI document',
      `${this.checked} answers checked${this.unchecked ? `, ${this.unchecked} not (server down)` : ''}`,
      problems,
    );
  }
}

/** The run's (one run per process: `npm run chaos`, or the chaos spec's file). */
export const chaosContract = new ChaosContract();
