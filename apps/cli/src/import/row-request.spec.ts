import { bulkSteps, referenceScenario, STEP_KINDS, stepRequest, type StepRow } from '@app/scenario';
import { concretePath } from '../client/write-request';
import { rowRequest } from './row-request';

/** Rows of every kind, with every optional field set (the generators leave some out), occurredAt included. */
const EVERY_KIND: StepRow[] = (
  [
    {
      program: 'p-1',
      step: 'create-program',
      name: 'P',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T23:59:59+08:00',
      dataCategories: ['contacts'],
      timeZone: 'Asia/Shanghai',
      occurredAt: '2014-01-02T00:00:00Z',
    },
    { program: 'p-1', step: 'revise-deadline', deadline: '2014-11-30T00:00:00Z', reason: 'late' },
    {
      program: 'p-1',
      step: 'enroll',
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 10,
      bytesInScope: 99,
      plannedStart: '2014-02-01T00:00:00Z',
    },
    { program: 'p-1', step: 'revise-scope', market: 'IN', usersInScope: 12, reason: 'more' },
    { program: 'p-1', step: 'start', market: 'IN' },
    { program: 'p-1', step: 'pause', market: 'IN', reason: 'why' },
    { program: 'p-1', step: 'resume', market: 'IN' },
    { program: 'p-1', step: 'copied', market: 'IN', batch: 'IN-1', users: 5, bytes: 7 },
    { program: 'p-1', step: 'verified', market: 'IN', batch: 'IN-1', checksum: 'sha256:ab' },
    { program: 'p-1', step: 'failed', market: 'IN', batch: 'IN-2', reason: 'disk' },
    { program: 'p-1', step: 'cutover', market: 'IN', occurredAt: '2014-09-01T00:00:00Z' },
    { program: 'p-1', step: 'purge', market: 'IN', evidence: 'ticket 7' },
    { program: 'p-1', step: 'complete', market: 'IN' },
  ] as StepRow[]
).map((row) => ({ ...row, occurredAt: row.occurredAt ?? '2014-03-04T05:06:07Z' }));

/** What the import hashes into a row's idempotency key. */
const sent = (path: string, body: unknown) => JSON.stringify([path, body]);

describe('rowRequest: the typed write a row stands for', () => {
  it('covers every kind of step', () => {
    expect(new Set(EVERY_KIND.map((row) => row.step))).toEqual(new Set(STEP_KINDS));
  });

  it.each(EVERY_KIND.map((row) => [row.step, row] as const))(
    '%s: the route and body, field for field and in order, are the ones the scenario defines',
    (_step, row) => {
      const request = rowRequest(row);
      const expected = stepRequest(row);
      expect(sent(concretePath(request), request.body)).toBe(sent(expected.path, expected.body));
    },
  );

  it('gives the reference scenario and a bulk file the idempotency keys of earlier imports', () => {
    const rows = [...referenceScenario({ until: '2014-12-31T00:00:00Z' }), ...bulkSteps({ steps: 500 })];
    const differing = rows.filter((row) => {
      const request = rowRequest(row);
      const expected = stepRequest(row);
      return sent(concretePath(request), request.body) !== sent(expected.path, expected.body);
    });
    expect(differing).toEqual([]);
  });

  it('refuses a row without a field its kind requires (the validator lets none through)', () => {
    expect(() => rowRequest({ program: 'p-1', step: 'pause', market: 'IN' })).toThrow(
      'reason is required for a pause step',
    );
  });
});
