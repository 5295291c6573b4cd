import { formatBody, sentence, type NotificationPayload } from './notification.payloads';

const changed: NotificationPayload = {
  type: 'status_changed',
  timestamp: '2014-09-11T12:00:00.000Z',
  data: {
    programId: 'intl-2014',
    market: 'IN',
    from: 'on_track',
    to: 'off_track',
    reasons: ['needs 100 users/day, doing 20 (20% of the required rate)'],
    dashboardUrl: 'https://tracker.example.com/#/programs/intl-2014/markets/IN',
  },
};

describe('notification formats', () => {
  it('says the market and the status in words', () =>
    expect(sentence(changed)).toBe(
      'Market IN of intl-2014 is now off track (was on track): needs 100 users/day, doing 20 (20% of the required rate).',
    ));

  it('sends the payload itself as JSON', () =>
    expect(JSON.parse(formatBody(changed, 'json'))).toEqual(changed));

  it('links the market page in Slack mrkdwn', () =>
    expect(JSON.parse(formatBody(changed, 'slack'))).toEqual({
      text: `${sentence(changed)} <https://tracker.example.com/#/programs/intl-2014/markets/IN|Open in the dashboard>`,
    }));

  it('sends Teams a MessageCard with a button to the market page', () =>
    expect(JSON.parse(formatBody(changed, 'teams'))).toMatchObject({
      '@type': 'MessageCard',
      text: sentence(changed),
      potentialAction: [{ targets: [{ uri: changed.data.dashboardUrl }] }],
    }));
});
