import { sendWebhook, untilAborted } from './webhook-sender';

// A resolver that never answers for one name (the system's may take many seconds per query).
jest.mock('node:dns/promises', () => {
  const actual = jest.requireActual<typeof import('node:dns/promises')>('node:dns/promises');
  return {
    ...actual,
    lookup: (host: string, options: object) =>
      host === 'never-answers.example' ? new Promise(() => undefined) : actual.lookup(host, options as never),
  };
});

describe('an attempt bounded by its time', () => {
  const reason = () => new Error('no answer within 50 ms');

  it('gives up on work that never settles once the signal aborts (a resolver that never answers)', async () => {
    const never = new Promise<string>(() => undefined);
    const started = Date.now();
    await expect(untilAborted(never, AbortSignal.timeout(50), reason)).rejects.toThrow(
      'no answer within 50 ms',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('hands back what the work gives, or its own error, before the signal aborts', async () => {
    await expect(untilAborted(Promise.resolve('ok'), AbortSignal.timeout(1_000), reason)).resolves.toBe('ok');
    await expect(
      untilAborted(Promise.reject(new Error('ENOTFOUND')), AbortSignal.timeout(1_000), reason),
    ).rejects.toThrow('ENOTFOUND');
  });

  it('refuses at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(untilAborted(Promise.resolve('late'), controller.signal, reason)).rejects.toThrow(
      /no answer/,
    );
  });
});

describe('sending a webhook', () => {
  it("counts the name's resolution in the attempt's time", async () => {
    const started = Date.now();
    await expect(
      sendWebhook(
        {
          url: 'https://never-answers.example/hook',
          secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
          webhookId: 'msg_1',
          sentAt: new Date(),
          body: '{}',
        },
        { timeoutMs: 100, allowedHosts: [] },
      ),
    ).rejects.toThrow('no answer within 100 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
