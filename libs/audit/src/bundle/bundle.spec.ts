import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../verifier/audit-event';
import { FixtureLog, newKey } from '../verifier/testing/fixture-log';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_3,
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  parseEventLine,
  PROOFS_FILE,
  type BundleManifest,
} from './bundle-format';
import { bundleMembers, tarOf, writeBundle, type BundleMember } from './bundle-writer';
import { replayBundle } from './replay-bundle';
import { extractTarContents } from './tar';
import { verifyBundle } from './verify-bundle';

const PART = (n: number) => `events/00000${n}.ndjson`;

describe('evidence bundle', () => {
  const key = newKey();
  const keys = [{ keyId: key.keyId, publicKeyPem: key.publicKeyPem }];
  // 4 + 3 + head + 2 + head = 11 events: with 3 events a part, parts of 3, 3, 3 and 2.
  const log = new FixtureLog();
  log.steps('market-p-IN', 4);
  log.steps('market-p-SG', 3);
  log.treeHead(key);
  log.steps('market-p-IN', 2);
  const cp = log.treeHead(key);
  const createdAt = new Date('2014-07-01T00:00:00Z');
  const proofs = (heads: Parameters<Parameters<typeof bundleMembers>[0]['proofs']>[0]) =>
    Promise.resolve({
      heads,
      consistencyProof: (from: number, to: number) => log.tree.consistencyProof(from, to),
    });

  const temp = () => mkdtempSync(join(tmpdir(), 'bundle-'));
  const manifestOf = (dir: string) =>
    JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BundleManifest;

  async function bundle(options: { format?: 3 | 4; events?: AuditEvent[] } = {}): Promise<string> {
    const dir = temp();
    await writeBundle(dir, {
      events: options.events ?? log.events,
      keys,
      createdAt,
      partEvents: 3,
      ...options,
    });
    return dir;
  }

  async function members(): Promise<BundleMember[]> {
    const all: BundleMember[] = [];
    for await (const member of bundleMembers({ events: log.events, keys, createdAt, proofs, partEvents: 3 }))
      all.push(member);
    return all;
  }

  async function tarFile(list: BundleMember[], cut?: (bytes: Buffer) => Buffer): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of tarOf(
      (async function* () {
        yield* list;
      })(),
      createdAt,
    ))
      chunks.push(chunk);
    const file = join(temp(), 'evidence.tar');
    const bytes = Buffer.concat(chunks);
    writeFileSync(file, cut ? cut(bytes) : bytes);
    return file;
  }

  describe('format 4', () => {
    it('verifies offline, with its own keys or keys the auditor brought, and holds the anchor', async () => {
      const dir = await bundle();
      const anchor = { revision: 1, hash: String(cp.metadata.hash) };
      expect(manifestOf(dir)).toMatchObject({
        format: BUNDLE_FORMAT,
        events: 11,
        eventParts: [PART(1), PART(2), PART(3), PART(4)],
      });
      expect(readdirSync(join(dir, 'events'))).toEqual([
        '000001.ndjson',
        '000002.ndjson',
        '000003.ndjson',
        '000004.ndjson',
      ]);
      // With nothing but the bundle's own keys, it is intact but proves nothing about who signed.
      expect(await verifyBundle(dir, { anchor })).toMatchObject({
        ok: true,
        verdict: 'bundled_keys_only',
        manifest: { format: BUNDLE_FORMAT },
        log: { events: 11, covered: { treeSize: 10 } },
      });
      expect(await verifyBundle(dir, { anchor, trustedKeys: keys })).toMatchObject({ verdict: 'verified' });
      const stranger = await verifyBundle(dir, { trustedKeys: [newKey()] });
      expect(stranger).toMatchObject({ ok: false, verdict: 'failed' });
      expect(stranger.log?.firstBreak?.kind).toBe('no_trusted_checkpoint');
    });

    it('holds the lines of format 3 in parts: together they are its events.ndjson, hashed as a whole', async () => {
      const dir = await bundle();
      const v3 = await bundle({ format: 3 });
      const parts = manifestOf(dir).eventParts!.map((name) => readFileSync(join(dir, name)));
      const whole = readFileSync(join(v3, EVENTS_FILE));
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
      expect(manifestOf(dir).allEvents).toEqual(manifestOf(v3).parts[EVENTS_FILE]);
      expect(manifestOf(dir).parts[PART(4)]).toMatchObject({ events: 2, bytes: parts[3].length });
    });

    it('is a tar with the keys first, the parts in order, the proofs, and the manifest last', async () => {
      const file = await tarFile(await members());
      const contents = extractTarContents(file, temp());
      expect(contents).toEqual({
        names: [KEYS_FILE, PART(1), PART(2), PART(3), PART(4), PROOFS_FILE, MANIFEST_FILE],
        ended: true,
      });
      expect(await verifyBundle(file, { trustedKeys: keys })).toMatchObject({
        ok: true,
        verdict: 'verified',
      });
    });

    it('yields each part as soon as it is full, before the rest of the log is read', async () => {
      let read = 0;
      async function* events() {
        for (const event of log.events) {
          read += 1;
          yield event;
        }
      }
      const stream = bundleMembers({ events: events(), keys, createdAt, proofs, partEvents: 3 });
      expect((await stream.next()).value).toMatchObject({ name: KEYS_FILE });
      expect(read).toBe(0);
      const first = (await stream.next()).value as BundleMember;
      expect(first.name).toBe(PART(1));
      expect(first.data.toString().trimEnd().split('\n')).toHaveLength(3);
      expect(read).toBe(3);
      await stream.return(undefined);
    });

    it('cuts a part at its byte budget too', async () => {
      const parts: BundleMember[] = [];
      for await (const member of bundleMembers({
        events: log.events,
        keys,
        createdAt,
        proofs,
        partBytes: 600,
      }))
        if (member.name.startsWith('events/')) parts.push(member);
      expect(parts.length).toBeGreaterThan(3);
      // A part ends at the first line that reaches the budget: at most one line past it.
      const longest = Math.max(...log.events.map((e) => JSON.stringify(e.data).length + 400));
      for (const part of parts) expect(part.data.length).toBeLessThan(600 + longest);
    });

    describe('refuses, with the reason', () => {
      it('a part with one byte changed, naming it', async () => {
        const dir = await bundle();
        const file = join(dir, PART(2));
        writeFileSync(file, readFileSync(file, 'utf8').replace('"users":10', '"users":11'));
        const report = await verifyBundle(dir);
        expect(report).toMatchObject({ ok: false, verdict: 'failed', manifest: { ok: false } });
        expect(report.manifest.problem).toBe(`differ from the manifest: ${PART(2)}`);
        expect(report.manifest.parts.filter((p) => !p.ok).map((p) => p.name)).toEqual([PART(2)]);
        expect(report.log).toBeUndefined();
      });

      it('parts swapped (each in the other one’s place)', async () => {
        const dir = await bundle();
        renameSync(join(dir, PART(1)), join(dir, 'swap'));
        renameSync(join(dir, PART(2)), join(dir, PART(1)));
        renameSync(join(dir, 'swap'), join(dir, PART(2)));
        const report = await verifyBundle(dir);
        expect(report.manifest.problem).toBe(`differ from the manifest: ${PART(1)}, ${PART(2)}`);
      });

      it('parts out of order in the archive, even intact', async () => {
        const list = await members();
        [list[1], list[2]] = [list[2], list[1]];
        const report = await verifyBundle(await tarFile(list));
        expect(report).toMatchObject({ ok: false, verdict: 'failed' });
        expect(report.manifest.problem).toMatch(/out of order/);
      });

      it('the manifest before the parts in the archive', async () => {
        const list = await members();
        list.unshift(list.pop()!);
        expect((await verifyBundle(await tarFile(list))).manifest.problem).toMatch(/out of order/);
      });

      it('a part dropped', async () => {
        const dir = await bundle();
        rmSync(join(dir, PART(3)));
        expect((await verifyBundle(dir)).manifest.problem).toBe(`missing: ${PART(3)}`);
      });

      it('a part dropped and the manifest rewritten to match: through the signed tree', async () => {
        const dir = await bundle();
        const manifest = manifestOf(dir);
        rmSync(join(dir, PART(2)));
        const kept = manifest.eventParts!.filter((name) => name !== PART(2));
        // Renumbered as an honest writer would number them, and every digest recomputed.
        const whole = createHash('sha256');
        let bytes = 0;
        const parts: BundleManifest['parts'] = {
          [KEYS_FILE]: manifest.parts[KEYS_FILE],
          [PROOFS_FILE]: manifest.parts[PROOFS_FILE],
        };
        const data = kept.map((name) => readFileSync(join(dir, name)));
        kept.forEach((name) => rmSync(join(dir, name)));
        data.forEach((bytesOfPart, index) => {
          writeFileSync(join(dir, PART(index + 1)), bytesOfPart);
          whole.update(bytesOfPart);
          bytes += bytesOfPart.length;
          parts[PART(index + 1)] = {
            sha256: createHash('sha256').update(bytesOfPart).digest('hex'),
            bytes: bytesOfPart.length,
            events: bytesOfPart.toString().trimEnd().split('\n').length,
          };
        });
        const forged: BundleManifest = {
          ...manifest,
          events: 8,
          parts,
          eventParts: data.map((_, index) => PART(index + 1)),
          allEvents: { sha256: whole.digest('hex'), bytes },
        };
        writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(forged));
        const report = await verifyBundle(dir, { trustedKeys: keys });
        expect(report).toMatchObject({ ok: false, verdict: 'failed', manifest: { ok: true } });
        expect(report.log?.breaks.map((b) => b.kind)).toContain('checkpoint_root_mismatch');
      });

      it('a part added', async () => {
        const dir = await bundle();
        writeFileSync(join(dir, PART(5)), readFileSync(join(dir, PART(4))));
        const report = await verifyBundle(dir);
        expect(report.manifest.problem).toBe(`not in the manifest: ${PART(5)}`);
        expect(report.manifest.parts.at(-1)).toMatchObject({ name: PART(5), ok: false, expected: null });
      });

      it('a tar cut inside a part, between members, or before its end', async () => {
        const list = await members();
        const inside = await verifyBundle(
          await tarFile(list, (bytes) => bytes.subarray(0, 512 + 512 + 512 + 100)),
        );
        expect(inside).toMatchObject({ ok: false, verdict: 'failed' });
        expect(inside.manifest.problem).toMatch(/^the archive is truncated: tar entry .* is truncated$/);
        // Cut right before the manifest's header: every member it holds is whole.
        const full = await tarFile(list);
        const size = readFileSync(full).length;
        const manifestBlocks = 512 + Math.ceil(list.at(-1)!.data.length / 512) * 512;
        const between = await verifyBundle(
          await tarFile(list, (b) => b.subarray(0, size - 1024 - manifestBlocks)),
        );
        expect(between.manifest.problem).toBe(`${MANIFEST_FILE} is missing: the archive is truncated`);
        const noEnd = await verifyBundle(await tarFile(list, (b) => b.subarray(0, size - 1024)));
        expect(noEnd.manifest.problem).toMatch(/its end is missing/);
      });

      it('a manifest whose whole-log digest, numbering or counts do not match the parts', async () => {
        const edit = async (change: (m: BundleManifest) => void) => {
          const dir = await bundle();
          const manifest = manifestOf(dir);
          change(manifest);
          writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
          return (await verifyBundle(dir)).manifest.problem;
        };
        expect(await edit((m) => (m.allEvents!.sha256 = '0'.repeat(64)))).toMatch(/allEvents/);
        expect(await edit((m) => (m.eventParts = [PART(1), PART(3), PART(2), PART(4)]))).toBe(
          `the manifest lists ${PART(3)} where ${PART(2)} belongs`,
        );
        expect(await edit((m) => (m.events = 12))).toBe(
          'the event parts hold 11 events; the manifest says 12',
        );
        expect(await edit((m) => delete m.eventParts)).toMatch(/lists no event parts/);
      });

      it('the log altered and every digest rewritten to match, through the chain', async () => {
        const dir = await bundle();
        const text = manifestOf(dir)
          .eventParts!.map((name) => readFileSync(join(dir, name), 'utf8'))
          .join('')
          .replace('"users":10', '"users":11');
        const forged = await bundle({
          events: text
            .trimEnd()
            .split('\n')
            .map((line, index) => parseEventLine(line, index + 1)),
        });
        const report = await verifyBundle(forged);
        expect(report).toMatchObject({ ok: false, manifest: { ok: true } });
        expect(report.log?.firstBreak).toMatchObject({
          kind: 'hash_mismatch',
          stream: 'market-p-IN',
          revision: 0,
        });
      });
    });

    it('replays only what verifies (the e2e suites replay a real program from the parts)', async () => {
      const list = await members();
      const options = { programId: 'p', asOf: new Date(), basis: 'recorded' as const };
      // Intact: verified, then the parts are read for program p, which this log does not hold.
      await expect(replayBundle(await tarFile(list), options)).rejects.toThrow('Program p does not exist');
      list[2] = {
        ...list[2],
        data: Buffer.from(list[2].data.toString().replace('"users":10', '"users":11')),
      };
      const replay = await replayBundle(await tarFile(list), options);
      expect(replay).toEqual({ verification: expect.objectContaining({ ok: false }) });
      expect(replay.verification.manifest.problem).toBe(`differ from the manifest: ${PART(2)}`);
    });
  });

  describe('format 3, still read', () => {
    it('verifies, and fails on one changed byte naming events.ndjson', async () => {
      const dir = await bundle({ format: 3 });
      expect(manifestOf(dir).format).toBe(BUNDLE_FORMAT_3);
      expect(await verifyBundle(dir, { trustedKeys: keys })).toMatchObject({
        ok: true,
        verdict: 'verified',
        manifest: { format: BUNDLE_FORMAT_3 },
        log: { events: 11 },
      });
      const file = join(dir, EVENTS_FILE);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"users":10', '"users":11'));
      const report = await verifyBundle(dir);
      expect(report.ok).toBe(false);
      expect(report.manifest.parts).toEqual([
        expect.objectContaining({ name: EVENTS_FILE, ok: false }),
        expect.objectContaining({ name: KEYS_FILE, ok: true }),
        expect.objectContaining({ name: PROOFS_FILE, ok: true }),
      ]);
    });

    it('verifies from a tar laid out as format 3 was served (manifest first, one events.ndjson)', async () => {
      const dir = await bundle({ format: 3 });
      const list = [MANIFEST_FILE, KEYS_FILE, PROOFS_FILE, EVENTS_FILE].map((name) => ({
        name,
        data: readFileSync(join(dir, name)),
      }));
      expect(await verifyBundle(await tarFile(list), { trustedKeys: keys })).toMatchObject({
        verdict: 'verified',
      });
    });
  });
});
