import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import type { PublicKeyEntry } from '../checkpoint/key-store';
import type { AuditEvent } from '../verifier/audit-event';
import { verifyLog } from '../verifier/log-verifier';
import type { VerificationReport } from '../verifier/verification-report';
import type { ConsistencyProofs } from '../verifier/checkpoint-chain';
import {
  BUNDLE_FORMAT,
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  PROOFS_FILE,
  type BundleProofs,
  type BundleEvent,
  type BundleManifest,
} from './bundle-format';
import { extractTar } from './tar';
import {
  readEventLines,
  readEventLinesForVerification,
  type ReadEventLinesOptions,
} from './event-lines.reader';

export interface PartCheck {
  name: string;
  ok: boolean;
  expected: { sha256: string; bytes: number } | null;
  actual: { sha256: string; bytes: number } | null;
}

/**
 * verified: intact, and every event covered by checkpoints signed by keys the auditor brought;
 * bundled_keys_only: intact as far as the bundle's own keys go, which prove nothing about who signed
 * (pin a key obtained independently); failed: altered, unsigned or inconsistent somewhere.
 */
export type BundleVerdict = 'verified' | 'bundled_keys_only' | 'failed';

export interface BundleReport {
  /** The parts match the manifest and the log verifies (with pinned keys or, failing those, the bundle's). */
  ok: boolean;
  verdict: BundleVerdict;
  path: string;
  manifest: { ok: boolean; format: string | null; parts: PartCheck[]; problem?: string };
  /** Absent when the parts do not match the manifest: a verdict on altered parts would mean nothing. */
  log?: VerificationReport;
}

export interface VerifyBundleOptions {
  /** Keys the auditor got independently (e.g. GET /audit/public-key): trusted instead of the bundle's own. */
  trustedKeys?: readonly PublicKeyEntry[];
  /** A checkpoint the auditor kept earlier; the bundle's log must hold it. */
  anchor?: { revision: number; hash: string };
  /** How events.ndjson is read (on threads past a size: see readEventLinesForVerification). */
  reading?: ReadEventLinesOptions;
}

async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The events of a bundle's events.ndjson in file (position) order, streamed; `filter` keeps some. */
export async function* readBundleEvents(
  file: string,
  filter?: (event: BundleEvent) => boolean,
): AsyncGenerator<BundleEvent> {
  for await (const event of readEventLines(file)) if (!filter || filter(event)) yield event;
}

/** Runs `use` on the bundle's directory: the directory itself, or a .tar unpacked for the time of the call. */
export async function withBundleDirectory<T>(path: string, use: (dir: string) => Promise<T>): Promise<T> {
  if (!statSync(path).isFile()) return use(path);
  const temp = mkdtempSync(join(tmpdir(), 'evidence-'));
  try {
    extractTar(path, temp);
    return await use(temp);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * Verifies an evidence bundle (a directory or the .tar the API serves) with nothing but the files: each
 * part against the manifest's SHA-256, then the whole log (hash chains, checkpoints, signatures).
 */
export async function verifyBundle(path: string, options: VerifyBundleOptions = {}): Promise<BundleReport> {
  return withBundleDirectory(path, (dir) => verifyBundleDirectory(path, dir, options));
}

/** verifyBundle on a directory already unpacked (`path` is what the report names). */
export async function verifyBundleDirectory(
  path: string,
  dir: string,
  options: VerifyBundleOptions,
): Promise<BundleReport> {
  const fail = (problem: string): BundleReport => ({
    ok: false,
    verdict: 'failed',
    path,
    manifest: { ok: false, format: null, parts: [], problem },
  });
  if (!existsSync(join(dir, MANIFEST_FILE))) return fail(`${MANIFEST_FILE} is missing`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BundleManifest;
  } catch (error) {
    return fail(`${MANIFEST_FILE} is not JSON: ${String(error)}`);
  }
  const parts: PartCheck[] = [];
  // Format 3 carries the tree heads' consistency proofs; older formats had none to check.
  const names =
    manifest.format === BUNDLE_FORMAT ? [EVENTS_FILE, KEYS_FILE, PROOFS_FILE] : [EVENTS_FILE, KEYS_FILE];
  for (const name of names) {
    const expected = manifest.parts?.[name] ?? null;
    const actual = existsSync(join(dir, name)) ? await sha256File(join(dir, name)) : null;
    const ok = !!expected && !!actual && expected.sha256 === actual.sha256 && expected.bytes === actual.bytes;
    parts.push({ name, ok, expected, actual });
  }
  const manifestOk = parts.every((part) => part.ok);
  if (!manifestOk) {
    return {
      ok: false,
      verdict: 'failed',
      path,
      manifest: {
        ok: false,
        format: manifest.format ?? null,
        parts,
        problem: 'a part differs from the manifest',
      },
    };
  }
  const bundledKeys = JSON.parse(readFileSync(join(dir, KEYS_FILE), 'utf8')) as PublicKeyEntry[];
  const trusted = options.trustedKeys ?? bundledKeys;
  const eventsFile = join(dir, EVENTS_FILE);
  const auditStream: AuditEvent[] = [];
  for await (const event of readEventLinesForVerification(eventsFile, options.reading))
    if (event.streamId === AUDIT_STREAM) auditStream.push(event);
  auditStream.sort((a, b) => Number(a.revision - b.revision));
  const log = await verifyLog({
    auditStream,
    log: readEventLinesForVerification(eventsFile, options.reading),
    trustedKeys: new Map(trusted.map((key) => [key.keyId, key.publicKeyPem])),
    anchor: options.anchor,
    proofs: names.includes(PROOFS_FILE) ? readProofs(join(dir, PROOFS_FILE)) : undefined,
  });
  const verdict: BundleVerdict = !log.ok ? 'failed' : options.trustedKeys ? 'verified' : 'bundled_keys_only';
  return { ok: log.ok, verdict, path, manifest: { ok: true, format: manifest.format, parts }, log };
}

/** The consistency proofs of proofs.json by `${from}:${to}` (a malformed file proves nothing: none). */
function readProofs(file: string): ConsistencyProofs {
  const proofs = new Map<string, Buffer[]>();
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BundleProofs>;
  for (const proof of parsed.consistency ?? []) {
    if (!Array.isArray(proof.hashes)) continue;
    proofs.set(
      `${proof.from}:${proof.to}`,
      proof.hashes.map((hash) => Buffer.from(String(hash), 'hex')),
    );
  }
  return proofs;
}
