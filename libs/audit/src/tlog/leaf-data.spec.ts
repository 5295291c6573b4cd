import { leafDataOf } from './leaf-data';

describe('leaf data', () => {
  it('is the 32 bytes of a stored hash', () => {
    const hash = '0123456789abcdef'.repeat(4);
    expect(leafDataOf(hash).toString('hex')).toBe(hash);
  });

  it('is 32 zero bytes for anything that is not 64 hex digits, however far it reads as hex', () => {
    const zeros = Buffer.alloc(32);
    for (const bad of [
      undefined,
      42,
      '',
      'ab',
      `${'a'.repeat(62)}zz`,
      `zz${'a'.repeat(62)}`,
      'a'.repeat(66),
    ]) {
      expect([bad, leafDataOf(bad)]).toEqual([bad, zeros]);
    }
  });
});
