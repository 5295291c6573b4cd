import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  replayBundle,
  verifyBundle,
  type AsOfBasis,
  type BundleVerdict,
  type PublicKeyEntry,
  type VerificationReport,
} from '@app/audit';
import type { MarketProgressView, ProgramProgressView } from '@app/projections';
import { Command, SubCommand } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { printer } from '../output/printer';
import { formatMarketProgress, formatProgramProgress } from '../output/progress-format';
import { followVerification } from '../audit/verify-stream';
import { verifyProgressReporter } from '../audit/verify-progress';
import { ApiCommand, GroupCommand, type Flag, type Options } from './api-command';
import { AuditProveCommand, AuditVerifyProofCommand, AuditWitnessCommand } from './audit-proof.command';

const BUNDLED_ONLY =
  'INTACT, BUT SIGNED BY KEYS FOUND IN THE BUNDLE ONLY (not verified: pin a key obtained independently with --trusted-keys)';

/** One paragraph a person can act on: the verdict, what was checked, and where the first break is. */
function describeReport(subject: string, report: VerificationReport, verdict?: BundleVerdict): string {
  const word = !report.ok ? 'FAILED' : verdict === 'bundled_keys_only' ? BUNDLED_ONLY : 'VERIFIED';
  const covered = report.covered.treeSize
    ? `; signed tree of ${report.covered.treeSize} events, root ${report.covered.rootHash}`
    : '';
  const lines = [
    `${subject}: ${word} — ${report.events} events in ${report.streams} streams up to position ` +
      `${report.lastPosition}; ${report.checkpoints.valid} of ${report.checkpoints.count} signed checkpoints valid` +
      (report.keys.length ? ` (keys ${report.keys.join(', ')})` : '') +
      covered,
  ];
  for (const found of report.breaks) {
    lines.push(
      `  ${found.kind} in ${found.stream}${found.revision === null ? '' : ` at revision ${found.revision}`}: ${found.message}`,
    );
  }
  return lines.join('\n');
}

/** The argument and the key option of the offline bundle commands. */
const BUNDLE_ARGUMENT = {
  bundle: 'a .tar from `tracker audit bundle`, or the directory it was unpacked into',
};
const TRUSTED_KEYS_FLAG: Flag = {
  flags: '--trusted-keys <file>',
  description: "public keys obtained independently (GET /audit/public-key), trusted instead of the bundle's",
};

const toStream = (web: ReadableStream<Uint8Array>) =>
  Readable.fromWeb(web as Parameters<typeof Readable.fromWeb>[0]);

@SubCommand({
  name: 'verify',
  description:
    'the server verifies every hash chain and signed checkpoint (GET /audit/verify); exit 4 when anything is broken',
})
export class AuditVerifyCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    {
      flags: '--anchor <revision:hash>',
      description: 'a checkpoint kept from earlier that the log must still hold',
    },
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    const anchor = typeof options.anchor === 'string' ? options.anchor : undefined;
    const client = this.client(options);
    // Streamed: progress as the server verifies (a bar on a terminal), and no proxy times out on a long log.
    const stream = await client.streamed(
      client.api.GET('/audit/verify', { params: { query: { stream: 'true', anchor } }, parseAs: 'stream' }),
    );
    const progress = verifyProgressReporter();
    let body: VerificationReport;
    try {
      body = await followVerification(stream, (line) => progress.update(line));
    } finally {
      progress.stop();
    }
    if (options.json) printer.json(body);
    else printer.out(describeReport('audit log', body));
    if (!body.ok) process.exitCode = EXIT.conflict;
  }
}

@SubCommand({
  name: 'export',
  description: 'every event with its envelope, as NDJSON (GET /audit/export.ndjson)',
})
export class AuditExportCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--out <file>', description: 'write to this file (default: stdout)' },
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    // Streamed: an export can be larger than memory.
    const client = this.client(options);
    const source = toStream(
      await client.streamed(client.api.GET('/audit/export.ndjson', { parseAs: 'stream' })),
    );
    if (typeof options.out === 'string') {
      await pipeline(source, createWriteStream(options.out));
      printer.err(`exported to ${options.out}`);
    } else {
      await pipeline(source, process.stdout, { end: false });
    }
  }
}

@SubCommand({
  name: 'bundle',
  description:
    'download the evidence bundle (tar: manifest, public keys, tree heads and proofs, events) for offline verification (GET /audit/bundle)',
})
export class AuditBundleCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--out <file>', description: 'where to write the .tar (default evidence-<date>.tar)' },
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    const out =
      typeof options.out === 'string' ? options.out : `evidence-${new Date().toISOString().slice(0, 10)}.tar`;
    const client = this.client(options);
    const bundle = await client.streamed(client.api.GET('/audit/bundle', { parseAs: 'stream' }));
    await pipeline(toStream(bundle), createWriteStream(out));
    if (options.json) return printer.json({ bundle: out });
    printer.out(
      `evidence bundle written to ${out}; check it offline with: tracker audit verify-bundle ${out}`,
    );
  }
}

@SubCommand({
  name: 'verify-bundle',
  arguments: '<bundle>',
  argsDescription: BUNDLE_ARGUMENT,
  description:
    'verify an evidence bundle offline (no server): parts against the manifest, chains, checkpoint signatures',
})
export class AuditVerifyBundleCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [TRUSTED_KEYS_FLAG];

  protected async execute([bundle]: string[], options: Options): Promise<void> {
    const trustedKeys = typeof options.trustedKeys === 'string' ? readKeys(options.trustedKeys) : undefined;
    const report = await verifyBundle(bundle, { trustedKeys }).catch((error: unknown) => {
      throw new CliError(`cannot read the bundle ${bundle}: ${(error as Error).message}`, EXIT.usage);
    });
    if (options.json) printer.json(report);
    else if (!report.manifest.ok || !report.log) {
      const bad = report.manifest.parts.filter((part) => !part.ok).map((part) => part.name);
      printer.out(
        `bundle ${bundle}: FAILED — ${report.manifest.problem ?? `parts differ from the manifest: ${bad.join(', ')}`}`,
      );
    } else printer.out(describeReport(`bundle ${bundle}`, report.log, report.verdict));
    process.exitCode = verdictExitCode(report.verdict);
  }
}

const BASES: readonly AsOfBasis[] = ['recorded', 'occurred'];

@SubCommand({
  name: 'replay-bundle',
  arguments: '<bundle>',
  argsDescription: BUNDLE_ARGUMENT,
  description:
    "offline (no server): verify the bundle, then show a program's or market's progress as of an instant, replayed from its events",
})
export class AuditReplayBundleCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--program <programId>', description: 'the program to replay, e.g. intl-2014', required: true },
    { flags: '--market <market>', description: 'one market, with its forecast (default: the whole program)' },
    {
      flags: '--as-of <instant>',
      description: 'ISO-8601 instant with its offset, e.g. 2014-06-01T23:59:59+08:00',
      required: true,
    },
    {
      flags: '--basis <basis>',
      description:
        'recorded: as known at that instant (default); occurred: as happened by then, late entries included',
    },
    TRUSTED_KEYS_FLAG,
  ];

  protected async execute([bundle]: string[], options: Options): Promise<void> {
    const asOf = instant(options.asOf);
    const basis = (options.basis ?? 'recorded') as AsOfBasis;
    if (!BASES.includes(basis)) throw new CliError(`--basis must be one of ${BASES.join(', ')}`, EXIT.usage);
    const trustedKeys = typeof options.trustedKeys === 'string' ? readKeys(options.trustedKeys) : undefined;
    const programId = String(options.program);
    const market = typeof options.market === 'string' ? options.market : undefined;
    const replay = await replayBundle(bundle, { programId, market, asOf, basis, trustedKeys }).catch(
      (error: unknown) => {
        if (error instanceof Error && 'kind' in error && error.kind === 'not_found')
          throw new CliError(error.message, EXIT.notFound);
        throw new CliError(`cannot read the bundle ${bundle}: ${(error as Error).message}`, EXIT.usage);
      },
    );
    process.exitCode = verdictExitCode(replay.verification.verdict);
    if (!replay.progress) {
      if (options.json) printer.json(replay);
      else
        printer.out(
          `bundle ${bundle}: NOT VERIFIED, nothing replayed; run \`tracker audit verify-bundle ${bundle}\` for where it breaks`,
        );
      return;
    }
    if (options.json) return printer.json(replay.progress);
    const word = replay.verification.verdict === 'verified' ? 'VERIFIED' : BUNDLED_ONLY;
    const heading = `bundle ${bundle}: ${word}; ${replay.events} events of ${programId} ${basis === 'recorded' ? 'known at' : 'happened by'} ${asOf.toISOString()}`;
    const body =
      market === undefined
        ? formatProgramProgress(replay.progress as ProgramProgressView)
        : formatMarketProgress(replay.progress as MarketProgressView);
    printer.out(`${heading}\n\n${body}`);
  }
}

/** 0 verified with pinned keys; 6 intact by the bundle's own keys only; 4 failed. */
function verdictExitCode(verdict: BundleVerdict): number {
  return verdict === 'verified' ? EXIT.ok : verdict === 'bundled_keys_only' ? EXIT.unpinned : EXIT.conflict;
}

function instant(value: unknown): Date {
  const text = typeof value === 'string' ? value : '';
  const parsed = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(parsed)) {
    throw new CliError(
      '--as-of must be an ISO-8601 instant with its offset, e.g. 2014-06-01T23:59:59+08:00',
      EXIT.usage,
    );
  }
  return new Date(parsed);
}

function readKeys(file: string): PublicKeyEntry[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PublicKeyEntry[] | { keys: PublicKeyEntry[] };
    return Array.isArray(parsed) ? parsed : parsed.keys;
  } catch (error) {
    throw new CliError(`cannot read trusted keys from ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

@Command({
  name: 'audit',
  description:
    "verify the log's hash chains and signatures, export the history, download and verify evidence bundles (auditor key)",
  subCommands: [
    AuditVerifyCommand,
    AuditExportCommand,
    AuditBundleCommand,
    AuditVerifyBundleCommand,
    AuditReplayBundleCommand,
    AuditProveCommand,
    AuditVerifyProofCommand,
    AuditWitnessCommand,
  ],
})
export class AuditCommand extends GroupCommand {}
