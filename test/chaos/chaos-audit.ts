import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle, type PublicKeyEntry, type VerificationReport } from '@app/audit';
import { checkedFetch } from '../support/checked-fetch';
import { check, type CheckResult } from './chaos-checks';

const breaks = (report: VerificationReport | undefined) =>
  (report?.breaks ?? []).map((b) => `${b.kind} in ${b.stream} at revision ${b.revision}: ${b.message}`);

/**
 * Audit verification with the signing key pinned: the server's own verification (GET /audit/verify: every
 * hash chain, the Merkle tree, every checkpoint signature, coverage of every event) must pass and accept
 * the pinned key only; then the evidence bundle is verified offline, trusting that key and nothing in it.
 */
export async function checkAudit(
  url: string,
  auditorKey: string,
  pinned: PublicKeyEntry,
  workDir: string,
): Promise<CheckResult[]> {
  const headers = { authorization: `Bearer ${auditorKey}` };
  const verify = await checkedFetch(`${url}/audit/verify`, { headers });
  const report = (await verify.json()) as VerificationReport;
  const serverProblems =
    verify.status !== 200 ? [`GET /audit/verify answered ${verify.status}: ${JSON.stringify(report)}`] : [];
  if (verify.status === 200) {
    if (!report.ok) serverProblems.push('verification failed', ...breaks(report));
    if (!report.keys.every((key) => key === pinned.keyId) || report.keys.length === 0)
      serverProblems.push(`accepted keys ${report.keys.join(', ') || 'none'}, pinned ${pinned.keyId}`);
  }
  const server = check(
    'audit verification (GET /audit/verify)',
    `${report.events} events in ${report.streams} streams, ${report.checkpoints?.valid} of ${report.checkpoints?.count} checkpoints valid`,
    serverProblems,
  );

  const bundle = await checkedFetch(`${url}/audit/bundle`, { headers });
  const file = join(workDir, 'evidence.tar');
  writeFileSync(file, Buffer.from(await bundle.arrayBuffer()));
  const offline = await verifyBundle(file, { trustedKeys: [pinned] });
  const bundleProblems = bundle.status !== 200 ? [`GET /audit/bundle answered ${bundle.status}`] : [];
  if (offline.verdict !== 'verified')
    bundleProblems.push(
      `verdict ${offline.verdict}${offline.manifest.problem ? `: ${offline.manifest.problem}` : ''}`,
      ...breaks(offline.log),
    );
  return [
    server,
    check(
      'evidence bundle verified offline with the pinned key',
      `${offline.log?.events ?? 0} events, signed tree of ${offline.log?.covered.treeSize ?? 0}`,
      bundleProblems,
    ),
  ];
}
