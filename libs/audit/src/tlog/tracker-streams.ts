import { DOMAIN_STREAM_PREFIXES, SUBSCRIPTION_STREAM_PREFIX } from '@app/domain';
import { AUDIT_STREAM } from '../checkpoint/checkpoint';

/** The domain's streams and the webhook subscriptions (operators' settings, audited like every step). */
const PREFIXES = [...DOMAIN_STREAM_PREFIXES, SUBSCRIPTION_STREAM_PREFIX];

/**
 * Which streams of the store's log are the tracker's: the domain's program and market streams and the audit
 * stream. Everything else in `$all` (another application's streams, the contract suite's `contract_*`, the
 * server's `$` streams) is skipped by every reader of the log, by this one rule: the projections, history,
 * checkpoints, the Merkle tree and verification. So leaf i of the tree is the i-th tracker event of the log,
 * and an unrelated stream can neither enter a signed tree nor break its verification.
 */
export function isTrackerStream(streamId: string): boolean {
  return streamId === AUDIT_STREAM || PREFIXES.some((prefix) => streamId.startsWith(prefix));
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The same rule for EventStoreDB's server-side stream name filter. */
export const TRACKER_STREAM_REGEX = `^(${[
  ...PREFIXES.map(escapeRegex),
  `${escapeRegex(AUDIT_STREAM)}$`,
].join('|')})`;

/**
 * The same rule as an SQL condition on the embedded store's `stream_id` column (substr, not LIKE, whose `_`
 * and `%` are wildcards). The names are constants of ours, quoted here once.
 */
export const TRACKER_STREAMS_SQL = `(${[
  ...PREFIXES.map((prefix) => `substr(stream_id, 1, ${prefix.length}) = '${prefix}'`),
  `stream_id = '${AUDIT_STREAM}'`,
].join(' OR ')})`;
