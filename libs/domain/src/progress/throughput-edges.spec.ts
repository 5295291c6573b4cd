import { dailyHistory } from './throughput';

describe('daily history at its edges', () => {
  describe('when the migration is planned to start later but a step is dated today', () => {
    it('starts the history today, partial, so the step counts', () => {
      const history = dailyHistory({
        series: [{ day: '2014-03-07', verifiedUsers: 300, copiedUsers: 400 }],
        startDay: '2014-03-08',
        today: '2014-03-07',
      });
      expect(history).toEqual({
        days: [{ day: '2014-03-07', verifiedUsers: 300, copiedUsers: 400 }],
        partial: true,
      });
    });
  });

  describe('when the migration is planned to start later and a step is dated tomorrow', () => {
    it('has no days yet: a step after today is never in the history', () => {
      const history = dailyHistory({
        series: [{ day: '2014-03-08', verifiedUsers: 300 }],
        startDay: '2014-03-09',
        today: '2014-03-07',
      });
      expect(history).toEqual({ days: [], partial: false });
    });
  });
});
