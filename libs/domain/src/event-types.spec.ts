import { EVENT_SCHEMA_VERSIONS, EVENT_TYPES, isEventType } from './event-types';
import { isMarketEvent } from './market/market.events';
import { isProgramEvent } from './program/program.events';

describe('event types', () => {
  it('lists the stored type strings, which are a contract', () => {
    expect(EVENT_TYPES).toEqual([
      'ProgramCreated',
      'DeadlineRevised',
      'MarketEnrolled',
      'ScopeRevised',
      'MigrationStarted',
      'BatchCopied',
      'BatchVerified',
      'BatchFailed',
      'MigrationPaused',
      'MigrationResumed',
      'CutoverCompleted',
      'SourceDataPurged',
      'MarketCompleted',
    ]);
  });

  it('gives every type a schema version, and only those types', () => {
    expect(Object.keys(EVENT_SCHEMA_VERSIONS).sort()).toEqual([...EVENT_TYPES].sort());
    const { BatchCopied, ...others } = EVENT_SCHEMA_VERSIONS;
    expect(BatchCopied).toBe(2);
    expect(Object.values(others).every((version) => version === 1)).toBe(true);
  });

  it('tells program events from market events by type', () => {
    expect(isProgramEvent({ type: 'DeadlineRevised' })).toBe(true);
    expect(isProgramEvent({ type: 'BatchCopied' })).toBe(false);
    expect(isMarketEvent({ type: 'BatchCopied' })).toBe(true);
    expect(isMarketEvent({ type: 'ProgramCreated' })).toBe(false);
  });

  it('recognises no foreign or inherited names', () => {
    expect(isEventType('toString')).toBe(false);
    expect(isEventType('batch-copied')).toBe(false);
    expect(isMarketEvent({ type: 'constructor' })).toBe(false);
  });
});
