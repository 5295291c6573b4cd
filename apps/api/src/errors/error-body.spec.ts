import { MarketNotEnrolledError, ProgramNotFoundError } from '@app/domain';
import { UnauthorizedError } from './api.errors';
import { toErrorBody } from './error-body';

/** An error as the http-errors package builds it (what @fastify/send throws for the static files). */
function httpError(status: number, message: string, expose: boolean): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose });
}

describe('toErrorBody', () => {
  it("keeps a client error of the static files' conditional requests: 412 precondition_failed", () => {
    expect(toErrorBody(httpError(412, 'Precondition Failed', true))).toEqual([
      412,
      { error: 'precondition_failed', message: 'Precondition Failed', details: {} },
    ]);
  });

  it('keeps an unsatisfiable range: 416 range_not_satisfiable', () => {
    expect(toErrorBody(httpError(416, 'Range Not Satisfiable', true))[0]).toBe(416);
    expect(toErrorBody(httpError(416, 'Range Not Satisfiable', true))[1].error).toBe('range_not_satisfiable');
  });

  it('answers 500 for what it must not expose: a server error, or a client status marked not to be shown', () => {
    expect(toErrorBody(httpError(500, 'disk on fire', true))[0]).toBe(500);
    expect(toErrorBody(httpError(404, 'ENOENT /srv/secret/path', false))).toEqual([
      500,
      { error: 'internal_error', message: 'An unexpected error occurred; it has been logged.', details: {} },
    ]);
    expect(toErrorBody(new Error('boom'))[0]).toBe(500);
  });

  describe('an unknown program or market: one class per code, each place that looks keeps its answer', () => {
    it.each([
      [
        'a decider on an empty program stream',
        new ProgramNotFoundError('ReviseDeadline'),
        'program_not_found',
        'Program not found: create the program before ReviseDeadline',
        { command: 'ReviseDeadline' },
      ],
      [
        "the market writer, before a market's stream",
        new ProgramNotFoundError({ programId: 'nope', in: 'stream' }),
        'program_not_found',
        'Program nope does not exist; create it with POST /programs first.',
        { programId: 'nope' },
      ],
      [
        'a query, in the read models',
        new ProgramNotFoundError({ programId: 'nope', in: 'read_models' }),
        'program_not_found',
        'Program nope does not exist (or is not yet in the read models).',
        { programId: 'nope' },
      ],
      [
        'a decider on an empty market stream',
        new MarketNotEnrolledError('StartMigration'),
        'market_not_enrolled',
        'Market not enrolled: enrol the market before StartMigration',
        { command: 'StartMigration' },
      ],
      [
        'a query about one market',
        new MarketNotEnrolledError({ programId: 'p2014', market: 'PH' }),
        'market_not_enrolled',
        'Market PH is not enrolled in program p2014.',
        { programId: 'p2014', market: 'PH' },
      ],
    ])('%s: 404 with its code, message and details', (_where, error, code, message, details) => {
      expect(toErrorBody(error)).toEqual([404, { error: code, message, details }]);
    });
  });

  it.each([
    ['missing', 'An API key is required: send "Authorization: Bearer <key>".'],
    ['invalid', 'The API key is not valid.'],
    ['metrics_token', 'The metrics need "Authorization: Bearer <METRICS_TOKEN>".'],
  ] as const)('answers 401 unauthorized for a %s key, saying what to send', (reason, message) => {
    expect(toErrorBody(new UnauthorizedError(reason))).toEqual([
      401,
      { error: 'unauthorized', message, details: {} },
    ]);
  });
});
