import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marketStreamId, programStreamId } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import {
  ProgressCalculator,
  ProgressService,
  ReadModels,
  type MarketProgressView,
  type ProgramProgressView,
} from '@app/projections';
import { knownAt, replayReadModels, type AsOfBasis } from '../as-of/as-of-replay';
import { eventUpcasters } from '../upcasting/upcaster';
import type { TarContents } from './tar';
import { MANIFEST_FILE, type BundleEvent, type BundleManifest } from './bundle-format';
import {
  bundleFailure,
  eventFilesOf,
  readBundleEvents,
  verifyBundleDirectory,
  withBundleDirectory,
  type BundleReport,
  type VerifyBundleOptions,
} from './verify-bundle';

export interface ReplayBundleOptions extends VerifyBundleOptions {
  programId: string;
  /** One market (with its forecast); the whole program when absent. */
  market?: string;
  asOf: Date;
  /** `recorded`: as known at `asOf`; `occurred`: as happened by `asOf`, whenever logged. */
  basis: AsOfBasis;
  /** A market with no step logged for this long is stale (the server's STALE_AFTER_HOURS; 24 h). */
  staleAfterMs?: number;
}

export interface BundleReplay {
  verification: BundleReport;
  /** Absent when the bundle does not verify: a replay of altered evidence would prove nothing. */
  progress?: ProgramProgressView | MarketProgressView;
  /** How many of the program's events were known (or had happened) by `asOf`. */
  events?: number;
}

const MARKET_CODE = /^[A-Z]{2}$/;

function inProgram(streamId: string, programId: string): boolean {
  if (streamId === programStreamId(programId)) return true;
  const prefix = marketStreamId(programId, '');
  return streamId.startsWith(prefix) && MARKET_CODE.test(streamId.slice(prefix.length));
}

function asRecorded(event: BundleEvent): RecordedEvent {
  const recorded: RecordedEvent = {
    id: event.id ?? `position-${event.position}`,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: event.data as JsonObject,
    metadata: event.metadata as JsonObject,
    recordedAt: event.recordedAt ?? String(event.metadata.recordedAt),
  };
  return eventUpcasters.upcast(recorded).event;
}

/**
 * An auditor's offline replay: verifies the bundle (parts, chains, signatures), then rebuilds the program's
 * read models from the bundle's events known (or happened) by `asOf`, and computes progress with the
 * server's own code, clock stopped at `asOf`. Same shape as `GET .../progress?asOf=`; no server, no database
 * beyond an in-memory one.
 */
export async function replayBundle(path: string, options: ReplayBundleOptions): Promise<BundleReplay> {
  try {
    return await withBundleDirectory(path, (dir, tar) => replayDirectory(path, dir, options, tar));
  } catch (error) {
    if (!(error instanceof Error && / is truncated$/.test(error.message))) throw error;
    return { verification: bundleFailure(path, `the archive is truncated: ${error.message}`) };
  }
}

async function replayDirectory(
  path: string,
  dir: string,
  options: ReplayBundleOptions,
  tar: TarContents | undefined,
): Promise<BundleReplay> {
  const verification = await verifyBundleDirectory(path, dir, options, tar);
  if (!verification.ok) return { verification };
  const events: RecordedEvent[] = [];
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BundleManifest;
  const files = eventFilesOf(dir, manifest);
  for await (const event of readBundleEvents(files, (e) => inProgram(e.streamId, options.programId))) {
    const recorded = asRecorded(event);
    if (knownAt(recorded, options.asOf, options.basis)) events.push(recorded);
  }
  const replay = await replayReadModels(events);
  try {
    const calculator = new ProgressCalculator({ staleAfterMs: options.staleAfterMs ?? 24 * 3_600_000 });
    const service = new ProgressService(new ReadModels(replay.runner), calculator, () => options.asOf);
    const progress =
      options.market === undefined
        ? service.programProgress(options.programId)
        : service.market(options.programId, options.market);
    return { verification, progress, events: events.length };
  } finally {
    replay.close();
  }
}
