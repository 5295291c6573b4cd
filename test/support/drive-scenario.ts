import type { ScenarioStep } from './reference-scenario';
import type { TestClock } from './test-clock';
import type { TestServer } from './test-server';

/** Posts each step with the server's clock set a minute after it happened, as if logged live. */
export async function driveScenario(
  server: TestServer,
  clock: TestClock,
  steps: ScenarioStep[],
): Promise<number> {
  let position = 0;
  for (const step of steps) {
    clock.set(new Date(Date.parse(step.at) + 60_000).toISOString());
    const answer = await server.post(step.path, { ...step.body, occurredAt: step.at });
    if (answer.status !== 201)
      throw new Error(`POST ${step.path} at ${step.at}: ${answer.status} ${answer.text}`);
    position = answer.body.position;
  }
  return position;
}
