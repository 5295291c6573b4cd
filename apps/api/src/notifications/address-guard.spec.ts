import { AddressRefusedError, isNonPublicAddress, resolveWebhookHost } from './address-guard';

describe('webhook address guard', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => expect(isNonPublicAddress(address)).toBe(false),
  );

  it('checks a name after resolving it, and allows a listed host', async () => {
    await expect(resolveWebhookHost(new URL('http://localhost:9/x'), [])).rejects.toBeInstanceOf(
      AddressRefusedError,
    );
    await expect(resolveWebhookHost(new URL('http://127.0.0.1:9/x'), [])).rejects.toThrow(
      /WEBHOOK_ALLOWED_HOSTS/,
    );
    await expect(resolveWebhookHost(new URL('http://127.0.0.1:9/x'), ['127.0.0.1'])).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveWebhookHost(new URL('http://[::1]:9/x'), ['::1'])).resolves.toEqual({
      address: '::1',
      family: 6,
    });
  });
});
