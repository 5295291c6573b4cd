import { readFileSync } from 'node:fs';
import { keyIdOf } from '../checkpoint/checkpoint-signer';
import { EVENT_PART_NAME } from './bundle-format';
import { verifyBundle, type BundleReport } from './verify-bundle';

/**
 * `npm run verify-bundle -- <bundle.tar | dir> [--key public.pem ...] [--anchor <revision>:<hash>] [--json]`
 * Needs no server and no database. Exit 0: verified with the pinned keys; 1: altered, unsigned or
 * unverifiable; 2: usage; 3: intact, but signed only by keys found in the bundle (pin one with --key).
 */
const USAGE =
  'usage: npm run verify-bundle -- <bundle.tar | bundle-dir> [--key public-key.pem ...] [--anchor <revision>:<hash>] [--json]';

function describe(report: BundleReport): string {
  const lines = [`Evidence bundle ${report.path}`];
  // Format 4's event parts that match are summed up in one line: a large bundle has hundreds.
  const matching = report.manifest.parts.filter((part) => part.ok && EVENT_PART_NAME.test(part.name));
  for (const part of report.manifest.parts) {
    if (matching.includes(part)) continue;
    lines.push(`  ${part.ok ? 'ok  ' : 'FAIL'} ${part.name} sha256 ${part.actual?.sha256 ?? 'missing'}`);
  }
  if (matching.length > 0) {
    const bytes = matching.reduce((sum, part) => sum + (part.actual?.bytes ?? 0), 0);
    lines.push(
      `  ok   ${matching.length} event parts (${bytes} bytes) ${matching[0].name} .. ${matching.at(-1)!.name}`,
    );
  }
  if (report.manifest.problem) lines.push(`  manifest: ${report.manifest.problem}`);
  const log = report.log;
  if (log) {
    lines.push(
      `  ${log.events} events in ${log.streams} streams up to position ${log.lastPosition}`,
      `  ${log.checkpoints.valid}/${log.checkpoints.count} checkpoints valid; keys ${log.keys.join(', ') || 'none'}`,
    );
    if (log.checkpoints.latest) {
      const c = log.checkpoints.latest;
      lines.push(
        `  latest checkpoint #${c.sequence} at position ${c.globalPosition}, anchor ${c.revision}:${c.hash}`,
      );
    }
    for (const item of log.breaks) {
      lines.push(
        `  BREAK ${item.kind} stream ${item.stream} revision ${item.revision} position ${item.position}: ${item.message}`,
      );
    }
  }
  if (log?.covered.treeSize) {
    lines.push(`  signed tree: ${log.covered.treeSize} events, root ${log.covered.rootHash}`);
  }
  lines.push(
    report.verdict === 'verified'
      ? 'VERIFIED: the bundle is intact and every event is covered by a checkpoint signed by a pinned key.'
      : report.verdict === 'bundled_keys_only'
        ? 'INTACT, BUT SIGNED BY KEYS FOUND IN THE BUNDLE ONLY: not verified until you pin a key obtained independently (--key public.pem).'
        : 'NOT VERIFIED: see above.',
  );
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const keys: { keyId: string; publicKeyPem: string }[] = [];
  let anchor: { revision: number; hash: string } | undefined;
  let path: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--key' && args[i + 1]) {
      const publicKeyPem = readFileSync(args[++i], 'utf8');
      keys.push({ keyId: keyIdOf(publicKeyPem), publicKeyPem });
    } else if (arg === '--anchor' && args[i + 1]) {
      const [revision, hash] = args[++i].split(':');
      anchor = { revision: Number(revision), hash };
    } else if (!arg.startsWith('--') && path === undefined) path = arg;
    else {
      console.error(USAGE);
      return 2;
    }
  }
  if (!path) {
    console.error(USAGE);
    return 2;
  }
  const report = await verifyBundle(path, { trustedKeys: keys.length ? keys : undefined, anchor });
  console.log(json ? JSON.stringify(report, null, 2) : describe(report));
  return report.verdict === 'verified' ? 0 : report.verdict === 'bundled_keys_only' ? 3 : 1;
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  })
  .then((code) => {
    process.exitCode = code;
  });
