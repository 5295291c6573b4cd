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

  it('sends Teams (Workflows webhook) a message with an Adaptive Card: the sentence and a button to the market page', () =>
    expect(JSON.parse(formatBody(changed, 'teams'))).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [{ type: 'TextBlock', text: sentence(changed), wrap: true }],
            actions: [
              { type: 'Action.OpenUrl', title: 'Open in the dashboard', url: changed.data.dashboardUrl },
            ],
          },
        },
      ],
    }));

  it('sends a Teams card without a button when there is no page to open (a stopped projection)', () => {
    const stopped: NotificationPayload = {
      type: 'projection_stopped',
      timestamp: '2014-09-11T12:00:00.000Z',
      data: {
        projection: 'market-progress',
        position: 7,
        streamId: 's',
        eventType: 'BatchCopied',
        error: 'bad',
      },
    };
    const card = JSON.parse(formatBody(stopped, 'teams')).attachments[0].content;
    expect(card.body[0].text).toBe(sentence(stopped));
    expect(card.actions).toBeUndefined();
  });
});
