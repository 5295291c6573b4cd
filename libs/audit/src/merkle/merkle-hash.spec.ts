import { createHash } from 'node:crypto';
import { CompactRange } from './compact-range';
import { EMPTY_ROOT, leafHash, nodeHash } from './merkle-hash';
import { CT_LEAVES, CT_ROOTS } from './testing/ct-vectors';

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

describe('RFC 9162 hashes', () => {
  it('hashes a leaf as SHA-256(0x00 ‖ data) and a node as SHA-256(0x01 ‖ left ‖ right)', () => {
    expect(leafHash(Buffer.from('abc')).toString('hex')).toBe(sha256('00616263'));
    const left = Buffer.alloc(32, 0xaa);
    const right = Buffer.alloc(32, 0xbb);
    expect(nodeHash(left, right).toString('hex')).toBe(sha256(`01${'aa'.repeat(32)}${'bb'.repeat(32)}`));
  });

  it('gives the empty tree the hash of no bytes', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('gives the tree of one empty leaf the root SHA-256(0x00)', () => {
    const range = new CompactRange();
    range.append(leafHash(Buffer.alloc(0)));
    expect(range.root().toString('hex')).toBe(sha256('00'));
  });

  it('reproduces the certificate-transparency roots (transparency-dev/merkle) for sizes 0 to 8', () => {
    const range = new CompactRange();
    const roots = [range.root().toString('hex')];
    for (const leaf of CT_LEAVES) {
      range.append(leafHash(leaf));
      roots.push(range.root().toString('hex'));
    }
    expect(roots).toEqual(CT_ROOTS);
  });
});
