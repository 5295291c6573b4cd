/** Deterministic randomness for generated data: the same seed gives the same log, byte for byte. */

// The same mulberry32 generator as the reference scenario's, so generated logs and demo data agree.
export { seededRandom } from '@app/scenario';

/** A 32-bit seed from parts (FNV-1a over their text). */
export function seedOf(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('|')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** `length` hex digits. */
export function seededHex(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) {
    const word = Math.floor(random() * 4294967296);
    text +=
      BYTE_HEX[word >>> 24] +
      BYTE_HEX[(word >>> 16) & 255] +
      BYTE_HEX[(word >>> 8) & 255] +
      BYTE_HEX[word & 255];
  }
  return text.length === length ? text : text.slice(0, length);
}

/** A version-4-shaped UUID from the generator (unique enough for a benchmark log; never from the OS). */
export function seededUuid(random: () => number): string {
  const hex = seededHex(random, 32);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * The UUID with its last 12 hex digits replaced by the program's index and the step's number (6 each):
 * unique by construction. Drawn alone, ids of different programs collide in a 10M-event log (mulberry32 has a
 * 32-bit state: two programs' sequences overlap), and the store refuses an event id used before.
 */
export function uniqueUuid(uuid: string, program: number, step: number): string {
  if (program >= 0x1000000 || step >= 0x1000000)
    throw new Error(`No unique id for step ${step} of ${program}`);
  return `${uuid.slice(0, 24)}${program.toString(16).padStart(6, '0')}${step.toString(16).padStart(6, '0')}`;
}
