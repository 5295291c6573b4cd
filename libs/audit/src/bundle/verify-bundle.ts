import { createHash, type Hash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
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
  BUNDLE_FORMAT_3,
  eventPartName,
  EVENTS_DIR,
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  PROOFS_FILE,
  type BundleProofs,
  type BundleEvent,
  type BundleManifest,
} from './bundle-format';
import { extractTarContents, type TarContents } from './tar';
import {
  readEventLines,
  readEventLinesForVerification,
  type EventFiles,
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

async function sha256File(file: string, whole?: Hash): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    whole?.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The events of a bundle's event files in file (position) order, streamed; `filter` keeps some. */
export async function* readBundleEvents(
  files: EventFiles,
  filter?: (event: BundleEvent) => boolean,
): AsyncGenerator<BundleEvent> {
  for await (const event of readEventLines(files)) if (!filter || filter(event)) yield event;
}

/**
 * Runs `use` on the bundle's directory: the directory itself, or a .tar unpacked for the time of the call
 * (then `use` also gets what the archive held, in its order). A tar cut inside a member throws.
 */
export async function withBundleDirectory<T>(
  path: string,
  use: (dir: string, tar?: TarContents) => Promise<T>,
): Promise<T> {
  if (!statSync(path).isFile()) return use(path);
  const temp = mkdtempSync(join(tmpdir(), 'evidence-'));
  try {
    const tar = extractTarContents(path, temp);
    return await use(temp, tar);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** A report refusing the bundle before its log is read. */
export function bundleFailure(path: string, problem: string, format: string | null = null): BundleReport {
  return { ok: false, verdict: 'failed', path, manifest: { ok: false, format, parts: [], problem } };
}

/**
 * Verifies an evidence bundle (a directory or the .tar the API serves) with nothing but the files: each
 * part against the manifest's SHA-256, then the whole log (hash chains, checkpoints, signatures).
 */
export async function verifyBundle(path: string, options: VerifyBundleOptions = {}): Promise<BundleReport> {
  try {
    return await withBundleDirectory(path, (dir, tar) => verifyBundleDirectory(path, dir, options, tar));
  } catch (error) {
    if (!(error instanceof Error && / is truncated$/.test(error.message))) throw error;
    return bundleFailure(path, `the archive is truncated: ${error.message}`);
  }
}

/** The files of the bundle's log in order (of a bundle whose parts were checked: see checkParts). */
export function eventFilesOf(dir: string, manifest: BundleManifest): string[] {
  return manifest.format === BUNDLE_FORMAT
    ? (manifest.eventParts ?? []).map((name) => join(dir, name))
    : [join(dir, EVENTS_FILE)];
}

function readManifest(dir: string): BundleManifest | string {
  if (!existsSync(join(dir, MANIFEST_FILE))) return `${MANIFEST_FILE} is missing`;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BundleManifest;
    if (typeof manifest !== 'object' || manifest === null) return `${MANIFEST_FILE} is not an object`;
    return manifest;
  } catch (error) {
    return `${MANIFEST_FILE} is not JSON: ${String(error)}`;
  }
}

/**
 * Each part against the manifest. Format 4 also: the event parts are numbered 1, 2, ... in the manifest's
 * list, none is missing and none is there that it does not list, all of them one after the other hash to
 * `allEvents`, and in a tar they come in that order with the manifest last and the archive's end after it.
 */
async function checkParts(
  dir: string,
  manifest: BundleManifest,
  tar: TarContents | undefined,
): Promise<{ parts: PartCheck[]; problem?: string }> {
  const format4 = manifest.format === BUNDLE_FORMAT;
  const eventParts = format4 && Array.isArray(manifest.eventParts) ? manifest.eventParts.map(String) : [];
  // Format 3 carries the tree heads' consistency proofs; older formats had none to check.
  const names = format4
    ? [KEYS_FILE, ...eventParts, PROOFS_FILE]
    : manifest.format === BUNDLE_FORMAT_3
      ? [EVENTS_FILE, KEYS_FILE, PROOFS_FILE]
      : [EVENTS_FILE, KEYS_FILE];
  const whole = createHash('sha256');
  const parts: PartCheck[] = [];
  for (const name of names) {
    const expected = manifest.parts?.[name] ?? null;
    const file = join(dir, name);
    const actual = existsSync(file)
      ? await sha256File(file, eventParts.includes(name) ? whole : undefined)
      : null;
    const ok = !!expected && !!actual && expected.sha256 === actual.sha256 && expected.bytes === actual.bytes;
    parts.push({ name, ok, expected, actual });
  }
  if (!format4)
    return { parts, problem: parts.every((p) => p.ok) ? undefined : 'a part differs from the manifest' };
  const present = existsSync(join(dir, EVENTS_DIR))
    ? readdirSync(join(dir, EVENTS_DIR))
        .map((file) => `${EVENTS_DIR}/${file}`)
        .sort()
    : [];
  const unlisted = present.filter((name) => !eventParts.includes(name));
  for (const name of unlisted)
    parts.push({ name, ok: false, expected: null, actual: await sha256File(join(dir, name)) });
  const problems: string[] = [];
  const missing = parts.filter((part) => !part.actual).map((part) => part.name);
  if (missing.length) problems.push(`missing: ${missing.join(', ')}`);
  if (unlisted.length) problems.push(`not in the manifest: ${unlisted.join(', ')}`);
  const differ = parts.filter((part) => part.actual && part.expected && !part.ok).map((part) => part.name);
  if (differ.length) problems.push(`differ from the manifest: ${differ.join(', ')}`);
  const misnumbered = eventParts.findIndex((name, index) => name !== eventPartName(index + 1));
  if (!Array.isArray(manifest.eventParts) || eventParts.length === 0)
    problems.push('the manifest lists no event parts');
  else if (misnumbered >= 0)
    problems.push(
      `the manifest lists ${eventParts[misnumbered]} where ${eventPartName(misnumbered + 1)} belongs`,
    );
  const events = eventParts.reduce((sum, name) => sum + (manifest.parts?.[name]?.events ?? NaN), 0);
  if (events !== manifest.events)
    problems.push(`the event parts hold ${events} events; the manifest says ${manifest.events}`);
  const all = {
    sha256: whole.digest('hex'),
    bytes: parts
      .filter((p) => eventParts.includes(p.name))
      .reduce((sum, p) => sum + (p.actual?.bytes ?? 0), 0),
  };
  if (
    problems.length === 0 &&
    (all.sha256 !== manifest.allEvents?.sha256 || all.bytes !== manifest.allEvents?.bytes)
  )
    problems.push("the event parts one after the other differ from the manifest's allEvents");
  if (tar) {
    const order = tar.names.filter((name) => eventParts.includes(name) || name === MANIFEST_FILE);
    const expected = [...eventParts, MANIFEST_FILE];
    if (order.join('\n') !== expected.join('\n'))
      problems.push('the archive holds the event parts out of order (or the manifest before them)');
    if (!tar.ended) problems.push('the archive is truncated: its end is missing after the manifest');
  }
  return { parts, problem: problems.length ? problems.join('; ') : undefined };
}

/** verifyBundle on a directory already unpacked (`path` is what the report names; `tar`: what the archive held). */
export async function verifyBundleDirectory(
  path: string,
  dir: string,
  options: VerifyBundleOptions,
  tar?: TarContents,
): Promise<BundleReport> {
  const manifest = readManifest(dir);
  if (typeof manifest === 'string')
    return bundleFailure(path, tar && !tar.ended ? `${manifest}: the archive is truncated` : manifest);
  const format = typeof manifest.format === 'string' ? manifest.format : null;
  const { parts, problem } = await checkParts(dir, manifest, tar);
  if (problem) return { ok: false, verdict: 'failed', path, manifest: { ok: false, format, parts, problem } };
  const bundledKeys = JSON.parse(readFileSync(join(dir, KEYS_FILE), 'utf8')) as PublicKeyEntry[];
  const trusted = options.trustedKeys ?? bundledKeys;
  const eventFiles = eventFilesOf(dir, manifest);
  const auditStream: AuditEvent[] = [];
  for await (const event of readEventLinesForVerification(eventFiles, options.reading))
    if (event.streamId === AUDIT_STREAM) auditStream.push(event);
  auditStream.sort((a, b) => Number(a.revision - b.revision));
  const hasProofs = parts.some((part) => part.name === PROOFS_FILE);
  const log = await verifyLog({
    auditStream,
    log: readEventLinesForVerification(eventFiles, options.reading),
    trustedKeys: new Map(trusted.map((key) => [key.keyId, key.publicKeyPem])),
    anchor: options.anchor,
    proofs: hasProofs ? readProofs(join(dir, PROOFS_FILE)) : undefined,
  });
  const verdict: BundleVerdict = !log.ok ? 'failed' : options.trustedKeys ? 'verified' : 'bundled_keys_only';
  return { ok: log.ok, verdict, path, manifest: { ok: true, format, parts }, log };
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
