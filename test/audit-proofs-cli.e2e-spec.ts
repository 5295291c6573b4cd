import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_STREAM } from '@app/audit';
import { inParallel, runCli, type CliResult } from './support/cli-process';
import { driveScenario } from './support/drive-scenario';
import { PROGRAM_ID, referenceSteps, type ScenarioStep } from './support/reference-scenario';
import { rechain, row, withEventFile } from './support/tamper';
import { TestClock } from './support/test-clock';
import { ContractProxy } from './support/contract-proxy';
import { KEYS, TestServer } from './support/test-server';

/**
 * `tracker audit prove`, `verify-proof` and `witness` as real processes: a proof of India's purge checked
 * offline with a pinned key (and refused when anything in it changes), and a witness that follows the
 * signed tree heads and raises the alarm when the log is rolled back or rewritten under the same key.
 */
const P = `/programs/${PROGRAM_ID}`;
const IN = `market-${PROGRAM_ID}-IN`;
// Only the checkpoints the tests ask for: no periodic one in between (the scenario spans months).
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };
const EVIDENCE = 'CHG-2014-0615-IN wipe certificate';

/** Hong Kong from 17 June on: started, then `days` daily batches copied and verified. */
function hongKongSteps(firstDay: number, days: number, start: boolean): ScenarioStep[] {
  const M = `${P}/markets/HK`;
  const steps: ScenarioStep[] = start ? [{ at: '2014-06-17T08:00:00+08:00', path: `${M}/start` }] : [];
  for (let day = firstDay; day < firstDay + days; day++) {
    const date = `2014-06-${String(day).padStart(2, '0')}`;
    const batch = `${M}/batches/HK-${String(day).padStart(4, '0')}`;
    steps.push({ at: `${date}T10:00:00+08:00`, path: `${batch}/copied`, body: { users: 3_000 } });
    steps.push({ at: `${date}T16:00:00+08:00`, path: `${batch}/verified`, body: {} });
  }
  return steps;
}

describe('tracker audit prove / verify-proof / witness', () => {
  const clock = new TestClock('2014-01-15T00:00:00Z');
  let server: TestServer;
  /** The CLI's way to the server (restarted below on another port): each answer is checked against the document. */
  let proxy: ContractProxy;
  let dir: string;
  let pinned: string;
  let otherKey: string;
  let keyId: string;

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    proxy = await ContractProxy.start(() => server.url);
    // The program, its seven markets enrolled, and India's whole story: batches, cut-over, purge, completion.
    const india = referenceSteps().filter(
      (step) =>
        step.path === '/programs' || step.path === `${P}/markets` || step.path.startsWith(`${P}/markets/IN/`),
    );
    await driveScenario(server, clock, india);
    dir = mkdtempSync(join(tmpdir(), 'tracker-proofs-'));
    // Pinned: the public key as fetched once, independently of any proof (no API key needed).
    const key = await server.get('/audit/public-key', { key: null });
    expect(key.status).toBe(200);
    keyId = key.body.keyId;
    pinned = join(dir, 'pinned.pem');
    writeFileSync(pinned, key.body.publicKeyPem);
    otherKey = join(dir, 'other.pem');
    writeFileSync(
      otherKey,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
  }, 120_000);
  afterEach(async () => expect(await proxy.mismatches()).toEqual([]));
  afterAll(async () => {
    await proxy.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `tracker <args>` against the server with the auditor's key. */
  const auditor = (args: string[]) => runCli(args, { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.auditor });
  /** `tracker <args>` with no server configured at all: nothing to reach. */
  const offline = (args: string[]) => runCli(args);
  const ok = async (result: Promise<CliResult>): Promise<CliResult> => {
    const answer = await result;
    if (answer.code !== 0) throw new Error(`exit ${answer.code}: ${answer.stderr}${answer.stdout}`);
    return answer;
  };
  const output = (result: CliResult) => `${result.stdout}${result.stderr}`;
  const latest = async () => (await server.get('/audit/checkpoints/latest')).body;

  describe('a proof of one event, checked offline', () => {
    let proofFile: string;
    let proof: any;
    let purge: any;

    beforeAll(async () => {
      const events = (await server.get(`${P}/markets/IN/events?type=SourceDataPurged`)).body.events;
      expect(events).toHaveLength(1);
      purge = events[0];
    });

    /** A copy of the proof with `change` applied, written next to it. */
    const altered = (name: string, change: (copy: any) => void): string => {
      const copy = JSON.parse(JSON.stringify(proof));
      change(copy);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(copy, null, 2));
      return file;
    };

    it("proves India's purge, found by program, market and type, signing a checkpoint first when none covers it", async () => {
      expect((await server.get('/audit/checkpoints/latest')).status).toBe(404);
      proofFile = join(dir, 'purge.json');
      const result = await ok(
        auditor([
          'audit',
          'prove',
          '--program',
          PROGRAM_ID,
          '--market',
          'IN',
          '--type',
          'SourceDataPurged',
          '--out',
          proofFile,
        ]),
      );
      const head = await latest();
      expect(result.stdout).toContain('one was signed now');
      expect(result.stdout).toContain(`Proof written to ${proofFile}`);
      expect(result.stdout).toContain(`SourceDataPurged of ${IN}`);
      expect(result.stdout).toContain(`of the log ${head.origin} of size ${head.treeSize}`);
      expect(statSync(proofFile).size).toBeLessThan(8 * 1024);
      proof = JSON.parse(readFileSync(proofFile, 'utf8'));
      expect(proof).toMatchObject({
        format: 'migration-tracker-proof/1',
        origin: head.origin,
        event: { position: purge.position, streamId: IN, revision: purge.revision, type: 'SourceDataPurged' },
        treeSize: head.treeSize,
        checkpoint: { note: head.note, treeSize: head.treeSize, rootHash: head.rootHash, keyId },
      });
      expect(proof.event.canonical).toContain(EVIDENCE);
      expect(proof.hashes.length).toBeGreaterThan(0);
      expect(proof.leafIndex).toBeLessThan(proof.treeSize);
    });

    it('verifies offline with the pinned key and says what is proven, in plain words', async () => {
      const result = await offline(['audit', 'verify-proof', proofFile, '--key', pinned]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`proof ${proofFile}: PROVEN`);
      expect(result.stdout).toContain(
        `SourceDataPurged of ${IN}, revision ${purge.revision}, position ${purge.position}`,
      );
      expect(result.stdout).toContain('occurred 2014-06-15T01:00:00.000Z');
      expect(result.stdout).toContain(`evidence ${JSON.stringify(EVIDENCE)}`);
      expect(result.stdout).toContain(
        `is entry ${proof.leafIndex} of the log ${proof.origin} of size ${proof.treeSize}, root ${proof.checkpoint.rootHash}, signed by key ${keyId} on ${proof.checkpoint.signedAt}`,
      );
      const json = JSON.parse(
        (await ok(offline(['audit', 'verify-proof', proofFile, '--key', pinned, '--json']))).stdout,
      );
      expect(json).toMatchObject({
        verdict: 'proven',
        ok: true,
        event: { type: 'SourceDataPurged', data: { evidence: EVIDENCE }, leafIndex: proof.leafIndex, keyId },
      });
    });

    it('fails (exit 4) with the key of another signer', async () => {
      const result = await offline(['audit', 'verify-proof', proofFile, '--key', otherKey]);
      expect(result.code).toBe(4);
      expect(result.stdout).toContain('FAILED');
      expect(result.stdout).toMatch(/no valid signature by key [0-9a-f]{16}/);
      expect(result.stdout).not.toContain('PROVEN');
    });

    it('fails (exit 4) when one byte of the event text changed, or when the hash is recomputed to match', async () => {
      const changed = proof.event.canonical.replace('CHG-2014-0615-IN', 'CHG-2014-0616-IN');
      expect(changed).toHaveLength(proof.event.canonical.length);
      const edited = altered('edited.json', (copy) => (copy.event.canonical = changed));
      const result = await offline(['audit', 'verify-proof', edited, '--key', pinned]);
      expect(result.code).toBe(4);
      expect(result.stdout).toContain('does not hash to its hash');
      // A careful forger recomputes the event hash too: the leaf changes, and the path no longer leads to the root.
      const rehashed = altered('rehashed.json', (copy) => {
        copy.event.canonical = changed;
        copy.event.hash = createHash('sha256').update(changed).digest('hex');
      });
      const forged = await offline(['audit', 'verify-proof', rehashed, '--key', pinned]);
      expect(forged.code).toBe(4);
      expect(forged.stdout).toContain('the audit path does not lead');
    });

    it('fails (exit 4) when a hash of the audit path changed, or the file names another event', async () => {
      const flip = (hash: string) => `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
      const path = altered('path.json', (copy) => (copy.hashes[0] = flip(copy.hashes[0])));
      const result = await offline(['audit', 'verify-proof', path, '--key', pinned]);
      expect(result.code).toBe(4);
      expect(result.stdout).toContain('the audit path does not lead');
      const renamed = altered('renamed.json', (copy) => (copy.event.type = 'MarketCompleted'));
      const other = await offline(['audit', 'verify-proof', renamed, '--key', pinned]);
      expect(other.code).toBe(4);
      expect(other.stdout).toContain('the event text says type "SourceDataPurged"');
    });

    it('without --key, checks against the key in the file only: exit 6 and no plain verdict', async () => {
      const result = await offline(['audit', 'verify-proof', proofFile]);
      expect(result.code).toBe(6);
      expect(result.stdout).toContain('signed by a key found in the proof file only');
      expect(result.stdout).toContain('pin a key obtained independently');
      expect(result.stdout).not.toContain('PROVEN');
      // A broken proof still fails, key or no key.
      const broken = altered('broken-unpinned.json', (copy) => (copy.hashes[0] = '0'.repeat(64)));
      expect((await offline(['audit', 'verify-proof', broken])).code).toBe(4);
    });

    it('proves by position against an older signed tree, and refuses an event that does not exist', async () => {
      const first = await latest();
      await driveScenario(server, clock, hongKongSteps(17, 1, true));
      const second = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
      expect(second.treeSize).toBeGreaterThan(first.treeSize);
      const old = join(dir, 'old-tree.json');
      const result = await ok(
        auditor([
          'audit',
          'prove',
          '--position',
          String(purge.position),
          '--tree-size',
          String(first.treeSize),
          '--out',
          old,
          '--json',
        ]),
      );
      expect(JSON.parse(result.stdout)).toMatchObject({
        proof: old,
        signedCheckpoint: false,
        checkpoint: { treeSize: first.treeSize, rootHash: first.rootHash },
      });
      const verified = await ok(offline(['audit', 'verify-proof', old, '--key', pinned]));
      expect(verified.stdout).toContain(`of size ${first.treeSize}, root ${first.rootHash}`);

      const none = await auditor([
        'audit',
        'prove',
        '--program',
        PROGRAM_ID,
        '--market',
        'IN',
        '--type',
        'MarketPaused',
        '--out',
        join(dir, 'none.json'),
      ]);
      expect(none.code).toBe(3);
      expect(none.stderr).toContain('has no MarketPaused event');
      expect(existsSync(join(dir, 'none.json'))).toBe(false);
      const missing = await auditor(['audit', 'prove', '--position', '99999', '--out', join(dir, 'x.json')]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('the log holds no event at position 99999');
      expect((await latest()).sequence).toBe(second.sequence);
      const unsigned = await auditor([
        'audit',
        'prove',
        '--position',
        String((await server.get('/events?limit=1')).body.events[0].position),
        '--tree-size',
        '3',
        '--out',
        join(dir, 'x.json'),
      ]);
      expect(unsigned.code).toBe(3);
      expect(unsigned.stderr).toContain('no signed checkpoint has tree size 3');
    });
  });

  describe('a witness following the signed tree heads', () => {
    let state: string;
    const readState = () => JSON.parse(readFileSync(state, 'utf8'));
    const witness = (file: string, key = pinned, ...flags: string[]) =>
      auditor(['audit', 'witness', '--state', file, '--key', key, ...flags]);

    it('stores the first checkpoint it sees (trust on first use), mode 0600', async () => {
      state = join(dir, 'witness.json');
      const head = await latest();
      const result = await ok(witness(state));
      expect(result.stdout).toContain('trust on first use');
      expect(readState()).toMatchObject({
        origin: head.origin,
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        note: head.note,
      });
      expect(statSync(state).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it('accepts a log that grew: checks the consistency proof and moves the state on', async () => {
      const before = readState();
      const unchanged = await ok(witness(state));
      expect(unchanged.stdout).toContain('unchanged, nothing new');
      await driveScenario(server, clock, hongKongSteps(18, 3, false));
      const head = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
      const result = await ok(witness(state, pinned, '--json'));
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: true,
        verdict: 'extended',
        previous: { treeSize: before.treeSize, rootHash: before.rootHash },
        current: { treeSize: head.treeSize, rootHash: head.rootHash, keyId },
      });
      expect(readState()).toMatchObject({
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        note: head.note,
      });
      expect(head.treeSize).toBeGreaterThan(before.treeSize);
    });

    it('refuses a checkpoint not signed by the pinned key, and a fork at the same size; the state stays', async () => {
      const kept = readFileSync(state, 'utf8');
      const wrongKey = await witness(state, otherKey);
      expect(wrongKey.code).toBe(4);
      expect(output(wrongKey)).toContain('no valid signature by key');
      const forkState = join(dir, 'fork-state.json');
      const seen = readState();
      const forked = JSON.stringify({
        ...seen,
        rootHash: `${seen.rootHash.slice(0, -1)}${seen.rootHash.endsWith('0') ? '1' : '0'}`,
      });
      writeFileSync(forkState, forked);
      const fork = await witness(forkState);
      expect(fork.code).toBe(4);
      expect(output(fork)).toContain('forked');
      expect(readFileSync(forkState, 'utf8')).toBe(forked);
      expect(readFileSync(state, 'utf8')).toBe(kept);
    });

    it('raises the alarm when the log is rewritten and re-signed with the same key, and keeps its state', async () => {
      const kept = readFileSync(state, 'utf8');
      const seen = readState();
      // The attacker, on disk: changes India's enrolment, re-chains the stream, removes every signed head and
      // the server's tree cache, then lets the server sign the rewritten log with its own (same) key.
      await server.stop({ keepData: true });
      const dataDir = server.dataDir;
      withEventFile(dataDir, (db) => {
        const enrolled = row(db, IN, 0);
        const data = JSON.parse(enrolled.data);
        expect(data.usersInScope).toBe(620_000);
        data.usersInScope = 720_000;
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
          JSON.stringify(data),
          enrolled.position,
        );
        rechain(db, IN, 0);
        db.prepare('DELETE FROM events WHERE stream_id = ?').run(AUDIT_STREAM);
      });
      for (const name of readdirSync(dataDir).filter((file) => file.startsWith('merkle-tree.sqlite'))) {
        rmSync(join(dataDir, name));
      }
      server = await TestServer.start({ dataDir, clock: clock.now, env: ENV });
      expect((await server.get('/audit/checkpoints/latest')).status).toBe(404);
      expect((await server.get('/audit/public-key', { key: null })).body.keyId).toBe(keyId);

      // Signed right away, the rewritten log is shorter than what the witness saw (the old heads are gone).
      const shorter = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
      expect(shorter.treeSize).toBeLessThan(seen.treeSize);
      const rolledBack = await witness(state);
      expect(rolledBack.code).toBe(4);
      expect(output(rolledBack)).toContain('rolled back');
      expect(readFileSync(state, 'utf8')).toBe(kept);

      // Grown past it and signed again: larger, signed by the same key, but not an extension.
      await driveScenario(server, clock, hongKongSteps(21, 3, false));
      const rewritten = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
      expect(rewritten.treeSize).toBeGreaterThan(seen.treeSize);
      expect(rewritten.keyId).toBe(keyId);
      const result = await witness(state);
      expect(result.code).toBe(4);
      expect(output(result)).toContain(
        'not an extension of what this witness saw: rewritten or forked history',
      );
      expect(readFileSync(state, 'utf8')).toBe(kept);
      expect(statSync(state).mode & 0o777).toBe(0o600);
    }, 120_000);
  });

  it('has help for prove, verify-proof and witness', async () => {
    const commands = [['audit'], ...['prove', 'verify-proof', 'witness'].map((s) => ['audit', s])];
    const results = await inParallel(
      2,
      commands.map((command) => () => runCli([...command, '--help'])),
    );
    results.forEach((result, index) => {
      const name = ['tracker', ...commands[index]].join(' ');
      expect({ name, code: result.code }).toEqual({ name, code: 0 });
      expect(result.stdout).toContain(`Usage: ${name} `);
    });
    expect(results[0].stdout).toMatch(/prove[\s\S]*verify-proof[\s\S]*witness/);
    expect(results[2].stdout).toContain('--key <file>');
    expect(results[2].stdout).not.toContain('--url');
    expect(results[3].stdout).toContain('--api-key <key>');
  }, 120_000);
});
