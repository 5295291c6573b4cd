import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EMPTY_ROOT, verifyConsistency } from '@app/audit';
import { CliError, EXIT } from '../client/exit-codes';

/** What a witness remembers of a log: the latest tree head it checked, with the signed note that said so. */
export interface WitnessState {
  origin: string;
  treeSize: number;
  /** Hex. */
  rootHash: string;
  /** The signed note of that tree head: with a later conflicting note by the same key, proof of a fork. */
  note: string;
  seenAt: string;
}

/** A tree head: size and root (hex) of one log. */
export interface Head {
  origin: string;
  treeSize: number;
  rootHash: string;
}

export type WitnessVerdict =
  | { ok: true; kind: 'first_use' | 'unchanged' | 'extended' }
  | { ok: false; kind: 'origin_changed' | 'rolled_back' | 'forked' | 'rewritten'; message: string };

const HEX_HASH = /^[0-9a-f]{64}$/;

/** The state file, or undefined when there is none yet; a file that is not a witness state is refused. */
export function readWitnessState(file: string): WitnessState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the witness state ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  let state: Partial<WitnessState>;
  try {
    state = JSON.parse(text) as Partial<WitnessState>;
  } catch {
    throw new CliError(`the witness state ${file} is not JSON; it was left as it is`, EXIT.usage);
  }
  if (
    typeof state !== 'object' ||
    state === null ||
    typeof state.origin !== 'string' ||
    !Number.isSafeInteger(state.treeSize) ||
    (state.treeSize as number) < 0 ||
    typeof state.rootHash !== 'string' ||
    !HEX_HASH.test(state.rootHash) ||
    typeof state.note !== 'string' ||
    typeof state.seenAt !== 'string'
  ) {
    throw new CliError(
      `the witness state ${file} is not { origin, treeSize, rootHash, note, seenAt }; it was left as it is`,
      EXIT.usage,
    );
  }
  return state as WitnessState;
}

/**
 * Replaces the state file atomically: a new file (mode 0600) in the same directory, synced, then renamed
 * over the old one. A crash leaves either the old state or the new one, never half of either.
 */
export function writeWitnessState(file: string, state: WitnessState): void {
  const target = resolve(file);
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const fd = openSync(temp, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Whether judging `current` against `previous` needs a consistency proof from the server. */
export function needsConsistencyProof(previous: Head | undefined, current: Head): boolean {
  return (
    previous !== undefined &&
    previous.origin === current.origin &&
    previous.treeSize > 0 &&
    current.treeSize > previous.treeSize
  );
}

/**
 * The witness's rule: a log only ever grows, and every tree head it signs extends the ones before. `proof`
 * is the server's consistency proof from the previous size to the current one (hex), when one is needed;
 * it is checked against the two roots the witness holds, never against roots the server sends with it.
 */
export function judgeTreeHead(
  previous: Head | undefined,
  current: Head,
  proof: readonly string[] = [],
): WitnessVerdict {
  if (!previous) return { ok: true, kind: 'first_use' };
  if (previous.origin !== current.origin) {
    return {
      ok: false,
      kind: 'origin_changed',
      message: `the checkpoint is of the log ${current.origin}; this witness follows ${previous.origin}`,
    };
  }
  if (current.treeSize < previous.treeSize) {
    return {
      ok: false,
      kind: 'rolled_back',
      message: `rolled back: the log is at size ${current.treeSize}, this witness already saw size ${previous.treeSize} (root ${previous.rootHash})`,
    };
  }
  if (current.treeSize === previous.treeSize) {
    return current.rootHash === previous.rootHash
      ? { ok: true, kind: 'unchanged' }
      : {
          ok: false,
          kind: 'forked',
          message: `forked: size ${current.treeSize} now has root ${current.rootHash}, this witness saw root ${previous.rootHash}`,
        };
  }
  const extends_ =
    previous.treeSize === 0
      ? previous.rootHash === EMPTY_ROOT.toString('hex')
      : proof.every((hash) => HEX_HASH.test(hash)) &&
        verifyConsistency(
          previous.treeSize,
          current.treeSize,
          Buffer.from(previous.rootHash, 'hex'),
          Buffer.from(current.rootHash, 'hex'),
          proof.map((hash) => Buffer.from(hash, 'hex')),
        );
  return extends_
    ? { ok: true, kind: 'extended' }
    : {
        ok: false,
        kind: 'rewritten',
        message: `not an extension of what this witness saw: rewritten or forked history (the tree of ${current.treeSize}, root ${current.rootHash}, does not contain the tree of ${previous.treeSize}, root ${previous.rootHash}, that it saw before)`,
      };
}
