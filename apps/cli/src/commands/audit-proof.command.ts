import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { CommandRunner, SubCommand } from 'nest-commander';
import {
  buildProofFile,
  checkProofFile,
  describeEvent,
  describeInclusion,
  type CheckpointAnswer,
} from '../audit/proof-file';
import { isEd25519PublicKey, openCheckpointNote, readPublicKeyFile } from '../audit/signed-checkpoint';
import {
  judgeTreeHead,
  needsConsistencyProof,
  readWitnessState,
  writeWitnessState,
  type WitnessState,
} from '../audit/witness-state';
import type { ApiSchemas } from '@app/api-client';
import { CliError, EXIT } from '../client/exit-codes';
import { TrackerClient } from '../client/tracker-client';
import { resolveConnection } from '../config/cli-config';
import { printer } from '../output/printer';
import { ApiCommand, integer, type Flag, type Options } from './api-command';

type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/**
 * A subcommand with exactly the options it lists: the offline ones take no --url, and in these `--key` is
 * the log's public key to pin, not an API key. Failures end as `error: ...` on stderr and an exit code.
 */
abstract class OwnOptionsCommand extends CommandRunner {
  protected abstract readonly flags: Flag[];

  override setCommand(command: CommanderCommand): this {
    super.setCommand(command);
    for (const flag of this.flags) {
      if (flag.required) command.requiredOption(flag.flags, flag.description);
      else command.option(flag.flags, flag.description);
    }
    return this;
  }

  protected abstract execute(args: string[], options: Options): Promise<void>;

  async run(args: string[]): Promise<void> {
    try {
      await this.execute(args, this.command.opts() as Options);
    } catch (error) {
      printer.err(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = error instanceof CliError ? error.exitCode : EXIT.server;
    }
  }
}

const JSON_FLAG: Flag = { flags: '--json', description: 'print the answer as JSON' };

type EventView = ApiSchemas['EventResponse'];

/** The latest signed tree head, or undefined when none has been signed yet. */
async function latestCheckpoint(client: TrackerClient): Promise<CheckpointAnswer | undefined> {
  const answer = await client.api.GET('/audit/checkpoints/latest');
  if (answer.response.status === 404 && answer.error?.error === 'no_checkpoint') return undefined;
  // Anything else than the head (401, 403, 5xx...): as every other call reports it.
  return (await client.ok(answer)).body;
}

const CHECKPOINT_PAGE = 100;

/** The signed tree head of exactly `treeSize` leaves, paging back through the checkpoints. */
async function checkpointOfSize(client: TrackerClient, treeSize: number): Promise<CheckpointAnswer> {
  let before: number | undefined;
  for (;;) {
    const { body } = await client.ok(
      client.api.GET('/audit/checkpoints', { params: { query: { limit: CHECKPOINT_PAGE, before } } }),
    );
    const found = body.checkpoints.find((checkpoint) => checkpoint.treeSize === treeSize);
    if (found) return found;
    const last = body.checkpoints.at(-1);
    // Newest first, and sizes never shrink: once below the size asked for, it is not there.
    if (!last || body.checkpoints.length < CHECKPOINT_PAGE || last.treeSize < treeSize) break;
    before = last.sequence;
  }
  throw new CliError(
    `no signed checkpoint has tree size ${treeSize} (GET /audit/checkpoints lists the signed sizes)`,
    EXIT.notFound,
  );
}

@SubCommand({
  name: 'prove',
  description:
    'write a small proof file that one event is in the signed log (inclusion proof, signed checkpoint, public key), checkable offline with `tracker audit verify-proof` (auditor key)',
})
export class AuditProveCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--position <p>', description: "the event's global position (GET /events, tracker history)" },
    {
      flags: '--program <programId>',
      description: "with --market and --type: prove that market's last event of that type",
    },
    { flags: '--market <market>', description: 'with --program and --type, e.g. IN' },
    { flags: '--type <eventType>', description: 'with --program and --market, e.g. SourceDataPurged' },
    {
      flags: '--tree-size <n>',
      description:
        'prove against the signed checkpoint of this size (default: the latest, signing one first when none covers the event)',
    },
    { flags: '--out <file>', description: 'where to write the proof (default proof-<position>.json)' },
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    const treeSize = integer(options.treeSize, '--tree-size', 1);
    const client = this.client(options);
    const position = await this.targetPosition(client, options);

    let checkpoint: CheckpointAnswer;
    let signedNow = false;
    if (treeSize !== undefined) checkpoint = await checkpointOfSize(client, treeSize);
    else {
      const latest = await latestCheckpoint(client);
      if (latest && latest.position >= position) checkpoint = latest;
      else {
        // No signed tree holds the event yet: have the server sign one now (auditors may).
        checkpoint = (await client.ok(client.api.POST('/audit/checkpoints'))).body;
        signedNow = true;
        if (checkpoint.position < position) {
          throw new CliError(
            `no event at position ${position}: the log ends at position ${checkpoint.position}`,
            EXIT.notFound,
          );
        }
      }
    }

    const { body: inclusion } = await client.ok(
      client.api.GET('/audit/proofs/inclusion', {
        params: { query: { position, treeSize: checkpoint.treeSize } },
      }),
    );
    if (inclusion.treeSize !== checkpoint.treeSize || inclusion.rootHash !== checkpoint.rootHash) {
      throw new CliError(
        `the server's inclusion proof is for size ${inclusion.treeSize}, root ${inclusion.rootHash}; its checkpoint signs size ${checkpoint.treeSize}, root ${checkpoint.rootHash}`,
        EXIT.conflict,
      );
    }
    const { body: keys } = await client.ok(client.api.GET('/audit/public-key'));
    const signer = [{ keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }, ...(keys.keys ?? [])].find(
      (key) => key.keyId === checkpoint.keyId,
    );
    if (!signer || !isEd25519PublicKey(signer.publicKeyPem)) {
      throw new CliError(
        `GET /audit/public-key lists no Ed25519 key ${checkpoint.keyId}, the key of checkpoint ${checkpoint.sequence}`,
        EXIT.conflict,
      );
    }

    const proof = buildProofFile(inclusion, checkpoint, signer.publicKeyPem);
    // Never hand out a proof that does not hold: check it as verify-proof will (with the server's key).
    const check = checkProofFile(proof, signer.publicKeyPem);
    if (!check.ok) {
      throw new CliError(
        `the server's proof does not verify, nothing written: ${check.reason}`,
        EXIT.conflict,
      );
    }
    const out = typeof options.out === 'string' ? options.out : `proof-${position}.json`;
    try {
      writeFileSync(out, `${JSON.stringify(proof, null, 2)}\n`);
    } catch (error) {
      throw new CliError(`cannot write the proof to ${out}: ${(error as Error).message}`, EXIT.usage);
    }
    const bytes = statSync(out).size;

    if (options.json) {
      return printer.json({
        proof: out,
        bytes,
        signedCheckpoint: signedNow,
        event: check.proven,
        checkpoint: {
          sequence: checkpoint.sequence,
          treeSize: checkpoint.treeSize,
          rootHash: checkpoint.rootHash,
        },
      });
    }
    const signed = signedNow
      ? `No signed checkpoint covered the event yet, so one was signed now (checkpoint ${checkpoint.sequence}). `
      : '';
    printer.out(
      `${signed}Proof written to ${out} (${bytes} bytes): ${describeEvent(check.proven)} ${describeInclusion(check.proven)}. ` +
        `Check it anywhere, without the server: tracker audit verify-proof ${out} --key <the log's public key, obtained independently>`,
    );
  }

  /** --position, or the last event of --type in --program/--market's stream. */
  private async targetPosition(client: TrackerClient, options: Options): Promise<number> {
    const byEvent = [options.program, options.market, options.type];
    const named = byEvent.filter((value) => typeof value === 'string').length;
    if (options.position !== undefined) {
      if (named > 0)
        throw new CliError('give either --position or --program/--market/--type, not both', EXIT.usage);
      const position = integer(options.position, '--position') as number;
      // Before anything is signed for it: the event must exist. Positions are opaque (they have gaps, and
      // position - 1 is not the previous event): the server accepts as fromPosition only an event's position
      // (0 is the start, never an event).
      if (position === 0 || !(await isEventPosition(client, position))) {
        throw new CliError(`the log holds no event at position ${position}`, EXIT.notFound);
      }
      return position;
    }
    if (named !== 3) {
      throw new CliError(
        'name the event: --position <p>, or --program, --market and --type together',
        EXIT.usage,
      );
    }
    const [programId, market, type] = byEvent as string[];
    if (!/^[A-Za-z]{1,64}$/.test(type))
      throw new CliError(`--type must be an event type name, e.g. SourceDataPurged`, EXIT.usage);
    let last: EventView | undefined;
    let fromRevision: number | null = 0;
    while (fromRevision !== null) {
      const { body }: { body: ApiSchemas['MarketEventPageResponse'] } = await client.ok(
        client.api.GET('/programs/{programId}/markets/{market}/events', {
          params: { path: { programId, market }, query: { type, fromRevision, limit: 1000 } },
        }),
      );
      last = body.events.filter((event) => event.type === type).at(-1) ?? last;
      fromRevision = body.nextRevision;
    }
    if (!last) throw new CliError(`market ${market} of ${programId} has no ${type} event`, EXIT.notFound);
    return last.position;
  }
}

@SubCommand({
  name: 'verify-proof',
  arguments: '<file>',
  argsDescription: { file: 'a proof file written by `tracker audit prove`' },
  description:
    "verify a proof file offline (no server): the event's hash, its inclusion in the signed tree, the checkpoint's signature by the pinned key; exit 4 when anything fails, 6 when no key was pinned",
})
export class AuditVerifyProofCommand extends OwnOptionsCommand {
  protected override readonly flags: Flag[] = [
    {
      flags: '--key <file>',
      description:
        "the log's public key (PEM, or the saved answer of GET /audit/public-key), obtained independently and pinned; without it the file's own key is used and nothing is proven",
    },
    JSON_FLAG,
  ];

  protected async execute([file]: string[], options: Options): Promise<void> {
    const pinned = typeof options.key === 'string' ? readPublicKeyFile(options.key) : undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read the proof ${file}: ${(error as Error).message}`, EXIT.usage);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const own = (value as { publicKeyPem?: unknown } | undefined)?.publicKeyPem;
    const key = pinned ?? (typeof own === 'string' ? own : '');
    const check =
      value === undefined ? { ok: false as const, reason: 'it is not JSON' } : checkProofFile(value, key);

    if (!check.ok) {
      process.exitCode = EXIT.conflict;
      if (options.json) return printer.json({ verdict: 'failed', ok: false, reason: check.reason });
      return printer.out(`proof ${file}: FAILED — ${check.reason}`);
    }
    const proven = check.proven;
    if (!pinned) {
      process.exitCode = EXIT.unpinned;
      if (options.json) return printer.json({ verdict: 'unpinned', ok: false, event: proven });
      return printer.out(
        `proof ${file}: NOT VERIFIED — the proof is intact, but signed by a key found in the proof file only ` +
          `(key ${proven.keyId}): pin a key obtained independently (GET /audit/public-key, or from the log's operator) ` +
          `and run again with --key <file>. It claims: ${describeEvent(proven)} ${describeInclusion(proven)}.`,
      );
    }
    if (options.json) return printer.json({ verdict: 'proven', ok: true, event: proven });
    printer.out(`proof ${file}: PROVEN — ${describeEvent(proven)} ${describeInclusion(proven)}.`);
  }
}

@SubCommand({
  name: 'witness',
  description:
    "check the log's latest signed checkpoint against the last one this witness saw: signed by the pinned key, and an extension of it (consistency proof); exit 4 when the log was rolled back, forked or rewritten (auditor key)",
})
export class AuditWitnessCommand extends OwnOptionsCommand {
  protected override readonly flags: Flag[] = [
    {
      flags: '--state <file>',
      description:
        'what this witness saw last (JSON, mode 0600); created on first use (trust on first use), replaced only when the log checks out',
      required: true,
    },
    {
      flags: '--key <file>',
      description:
        "the log's public key (PEM, or the saved answer of GET /audit/public-key), obtained independently and pinned",
      required: true,
    },
    {
      flags: '--url <url>',
      description: 'API base URL (env TRACKER_URL, config file; default http://127.0.0.1:3000)',
    },
    {
      flags: '--api-key <key>',
      description: 'auditor API key (env TRACKER_KEY, config file); --key here is the public key to pin',
    },
    {
      flags: '--config <file>',
      description: 'config file { "url", "key" } (default ~/.config/migration-tracker/config.json)',
    },
    JSON_FLAG,
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    const stateFile = String(options.state);
    const pinned = readPublicKeyFile(String(options.key));
    // Read before anything else: a state file that cannot be read stops the run, and is left as it is.
    const previous = readWitnessState(stateFile);
    const connection = resolveConnection({
      url: options.url as string | undefined,
      key: options.apiKey as string | undefined,
      config: options.config as string | undefined,
    });
    const client = new TrackerClient(connection.url, connection.key);

    const latest = await latestCheckpoint(client);
    if (!latest)
      throw new CliError('the log has no signed checkpoint yet: POST /audit/checkpoints', EXIT.notFound);
    const opened = openCheckpointNote(latest.note, pinned);
    if ('problem' in opened) {
      return this.alarm(options, 'bad_signature', `the latest checkpoint does not verify: ${opened.problem}`);
    }
    // The note is what is signed: its size and root, not the fields served beside it.
    const current = opened.checkpoint;
    let proof: string[] = [];
    if (needsConsistencyProof(previous, current)) {
      const query = { from: previous?.treeSize ?? 0, to: current.treeSize };
      proof = (await client.ok(client.api.GET('/audit/proofs/consistency', { params: { query } }))).body
        .hashes;
    }
    const verdict = judgeTreeHead(previous, current, proof);
    if (!verdict.ok) {
      return this.alarm(
        options,
        verdict.kind,
        `${verdict.message}. The state in ${stateFile} was left as it is: with the server's note (GET /audit/checkpoints/latest), both signed by key ${current.keyId}, it is evidence.`,
        latest.note,
      );
    }

    const next: WitnessState = {
      origin: current.origin,
      treeSize: current.treeSize,
      rootHash: current.rootHash,
      note: latest.note,
      seenAt: new Date().toISOString(),
    };
    if (verdict.kind !== 'unchanged') writeWitnessState(stateFile, next);
    if (options.json) {
      return printer.json({
        ok: true,
        verdict: verdict.kind,
        origin: current.origin,
        previous: previous
          ? { treeSize: previous.treeSize, rootHash: previous.rootHash, seenAt: previous.seenAt }
          : null,
        current: { treeSize: current.treeSize, rootHash: current.rootHash, keyId: current.keyId },
        state: stateFile,
      });
    }
    const head = `log ${current.origin}, signed by key ${current.keyId}`;
    if (verdict.kind === 'first_use') {
      printer.out(
        `${head}: trust on first use — size ${current.treeSize}, root ${current.rootHash}, stored in ${stateFile}; ` +
          'later runs check that every new checkpoint extends it',
      );
    } else if (verdict.kind === 'unchanged') {
      printer.out(
        `${head}: unchanged, nothing new — size ${current.treeSize}, root ${current.rootHash}, as seen at ${previous?.seenAt}`,
      );
    } else {
      printer.out(
        `${head}: consistent, size ${previous?.treeSize} → ${current.treeSize} (root ${current.rootHash}); ` +
          `the new tree extends the one seen at ${previous?.seenAt} (consistency proof of ${proof.length} hashes verified); ` +
          `${stateFile} updated`,
      );
    }
  }

  /** The log cannot be trusted: say why, exit 4, and keep the state file untouched. */
  private alarm(options: Options, kind: string, message: string, note?: string): void {
    process.exitCode = EXIT.conflict;
    if (options.json) return printer.json({ ok: false, verdict: kind, message, note });
    printer.out(`witness: ALARM — ${message}`);
  }
}

export const AUDIT_PROOF_SUBCOMMANDS = [AuditProveCommand, AuditVerifyProofCommand, AuditWitnessCommand];

/** Whether the server takes `position` as a fromPosition: only an event's position is (else 400 naming it). */
async function isEventPosition(client: TrackerClient, position: number): Promise<boolean> {
  const answer = await client.api.GET('/events', { params: { query: { fromPosition: position, limit: 1 } } });
  const fields = (answer.error?.details.fields ?? []) as { field: string }[];
  if (answer.response.status === 400 && fields.some((field) => field.field === 'fromPosition')) return false;
  await client.ok(answer);
  return true;
}
