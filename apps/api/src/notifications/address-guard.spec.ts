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
    // IPv4-compatible (deprecated), as a URL writes [::127.0.0.1]; site-local (deprecated); discard-only.
    '::7f00:1',
    '::a9fe:a9fe',
    'fec0::1',
    '100::1',
    // Documentation ranges: never a real receiver.
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.9',
  ])('refuses %s', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '192.0.3.1',
    '203.0.114.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001::1',
  ])('lets %s through', (address) => expect(isNonPublicAddress(address)).toBe(false));

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
    // A URL rewrites [::127.0.0.1] as [::7f00:1]: still loopback.
    await expect(resolveWebhookHost(new URL('http://[::127.0.0.1]:9/x'), [])).rejects.toBeInstanceOf(
      AddressRefusedError,
    );
    await expect(resolveWebhookHost(new URL('http://[::1]:9/x'), ['::1'])).resolves.toEqual({
      address: '::1',
      family: 6,
    });
  });
});
