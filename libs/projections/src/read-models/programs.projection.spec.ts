import { programsProjection, type ProgramRow } from './programs.projection';
import { given, logged, raw } from './testing/read-model.story';
import { at, deadlineRevised, enrolled, P, programCreated, started } from './testing/tracker.fixtures';

const createdRow: ProgramRow = {
  program_id: P,
  name: 'International 2014',
  source_region: 'cn-north',
  deadline: '2014-10-31T15:59:59.000Z',
  time_zone: 'Asia/Singapore',
  data_categories: '["contacts","messages"]',
  created_at: at('03-01T00'),
  deadline_revisions: 0,
  last_position: 1,
};

describe('programs read model', () => {
  it('holds a created program: name, regions, deadline, zone, categories, created when it happened', () => {
    given(programsProjection, [logged(programCreated(), at('03-01T00'), at('03-01T02'))])
      .then('programs', [createdRow])
      .thenChanged([{ programId: P }]);
  });

  it('holds the latest deadline and counts its revisions, ignoring market events', () => {
    given(programsProjection, [
      logged(programCreated(), at('03-01T00')),
      logged(deadlineRevised('2014-10-31T15:59:59.000Z', '2014-11-30T15:59:59.000Z'), at('05-01T00')),
      logged(enrolled('IN'), at('05-02T00')),
      logged(deadlineRevised('2014-11-30T15:59:59.000Z', '2014-12-15T15:59:59.000Z'), at('06-01T00')),
      logged(started('IN'), at('06-02T00')),
    ])
      .then('programs', [
        { ...createdRow, deadline: '2014-12-15T15:59:59.000Z', deadline_revisions: 2, last_position: 4 },
      ])
      .thenChanged([{ programId: P }]);
  });

  it('keeps programs apart', () => {
    given(programsProjection, [
      logged(
        programCreated({ programId: 'b', name: 'B', timeZone: 'UTC', dataCategories: [] }),
        at('03-01T00'),
      ),
      logged(programCreated(), at('03-01T00')),
      logged(deadlineRevised('2014-10-31T15:59:59.000Z', '2015-01-01T00:00:00.000Z', 'b'), at('04-01T00')),
    ])
      .then('programs', [
        {
          ...createdRow,
          program_id: 'b',
          name: 'B',
          time_zone: 'UTC',
          data_categories: '[]',
          deadline: '2015-01-01T00:00:00.000Z',
          deadline_revisions: 1,
          last_position: 3,
        },
        { ...createdRow, last_position: 2 },
      ])
      .thenChanged([{ programId: 'b' }, { programId: P }]);
  });

  it("ignores other applications' events", () => {
    given(programsProjection, [raw('ProgramArchived', { programId: P, deadline: 'x' })])
      .then('programs', [])
      .thenChanged([]);
  });

  it('refuses a program event without its program (poison)', () => {
    given(programsProjection, [raw('DeadlineRevised', { deadline: '2015-01-01T00:00:00Z' })]).thenFails(
      'DeadlineRevised at 1 has no programId',
    );
  });
});
