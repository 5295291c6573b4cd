import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import type { PublicKeyEntry } from '../checkpoint/key-store';
import type { AuditEvent } from '../verifier/audit-event';
import { verifyLog } from '../verifier/log-verifier';
import type { VerificationReport } from '../verifier/verification-report';
import {
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  parseEventLine,
  type BundleEvent,
  type BundleManifest,
} from './bundle-format';
import { extractTar } from './tar';

export interface PartCheck {
  name: string;
  ok: boolean;
  expected: { sha256: string; bytes: number } | null;
  actual: { sha256: string; bytes: number } | null;
}

export interface BundleReport {
  ok: boolean;
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
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text === '') continue;
    const event = parseEventLine(text, lineNumber);
    if (!filter || filter(event)) yield event;
  }
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
  for (const name of [EVENTS_FILE, KEYS_FILE]) {
    const expected = manifest.parts?.[name] ?? null;
    const actual = existsSync(join(dir, name)) ? await sha256File(join(dir, name)) : null;
    const ok = !!expected && !!actual && expected.sha256 === actual.sha256 && expected.bytes === actual.bytes;
    parts.push({ name, ok, expected, actual });
  }
  const manifestOk = parts.every((part) => part.ok);
  if (!manifestOk) {
    return {
      ok: false,
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
  for await (const event of readBundleEvents(eventsFile, (e) => e.streamId === AUDIT_STREAM))
    auditStream.push(event);
  auditStream.sort((a, b) => Number(a.revision - b.revision));
  const log = await verifyLog({
    auditStream,
    log: readBundleEvents(eventsFile),
    trustedKeys: new Map(trusted.map((key) => [key.keyId, key.publicKeyPem])),
    anchor: options.anchor,
  });
  return { ok: log.ok, path, manifest: { ok: true, format: manifest.format, parts }, log };
}
