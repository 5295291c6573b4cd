import { ReasonRequiredError } from './validation.errors';
import { DomainError } from './domain.error';

describe('domain errors', () => {
  it('carry a stable code, a kind, details and their class name', () => {
    const error = new ReasonRequiredError('ReviseScope');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ReasonRequiredError',
      code: 'reason_required',
      kind: 'invalid',
      details: { command: 'ReviseScope', field: 'reason' },
      message: 'ReviseScope needs a non-blank reason',
    });
  });
});
