import type { ProgramProgressView, ProgressService, ProjectionRunner } from '@app/projections';
import { SharedProgramProgress } from './shared-program-progress';

describe('shared program progress', () => {
  let now = Date.parse('2014-06-01T00:00:00.000Z');
  const checkpoints = new Map<string, bigint>([
    ['programs', 10n],
    ['market-progress', 12n],
    ['market-daily', 12n],
  ]);
  const computed: string[] = [];
  const progress = {
    programProgress: (programId: string) => {
      computed.push(programId);
      return { programId, asOf: new Date(now).toISOString() } as ProgramProgressView;
    },
  } as unknown as ProgressService;
  const runner = { checkpoint: (name: string) => checkpoints.get(name) ?? 0n } as unknown as ProjectionRunner;
  const shared = new SharedProgramProgress(progress, runner, () => new Date(now));

  it('computes once per state of the read models and second, per program', () => {
    const first = shared.get('intl-2014');
    now += 400;
    expect(shared.get('intl-2014')).toBe(first);
    expect(computed).toEqual(['intl-2014']);

    checkpoints.set('market-progress', 13n);
    expect(shared.get('intl-2014')).not.toBe(first);
    now += 1_000;
    shared.get('intl-2014');
    shared.get('other-2015');
    expect(computed).toEqual(['intl-2014', 'intl-2014', 'intl-2014', 'other-2015']);
  });
});
