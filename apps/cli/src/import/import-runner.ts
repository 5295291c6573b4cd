import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { orderingKey, type StepRow } from '@app/scenario';
import { CliError, EXIT, exitCodeForStatus } from '../client/exit-codes';
import { failureOf, shortReason, type TrackerClient } from '../client/tracker-client';
import { concretePath, type WriteRequest } from '../client/write-request';
import { ImportState } from './import-state';
import type { ProgressReporter } from './import-progress';
import { parseRows, type ImportFormat } from './row-parser';
import { rowRequest } from './row-request';
import { validateRow } from './row-validator';

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** Markets sent side by side (rows of one market always go in file order). */
  concurrency: number;
  resume: boolean;
  client: TrackerClient;
  progress: ProgressReporter;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportReport {
  file: string;
  rows: number;
  appended: number;
  /** Rows the server already had (same idempotency key): a re-import appends nothing. */
  alreadyPresent: number;
  /** Rows skipped because an earlier, interrupted run had done them (--resume). */
  skipped: number;
  rejected: RejectedRow[];
  elapsedMs: number;
}

interface PlannedRow {
  line: number;
  key: string;
  request: WriteRequest;
  idempotencyKey: string;
}

const RETRIES = 5;

/** Sends each valid row once, in order per market; rejected rows are reported and nothing is appended for them. */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const content = readFileSync(options.file, 'utf8');
  const contentHash = createHash('sha256').update(content).digest('hex');
  const rejected: RejectedRow[] = [];
  const groups = new Map<string, PlannedRow[]>();
  const seen = new Map<string, number>();
  const raws = parseRows(content, options.format);
  for (const raw of raws) {
    const validated = raw.fields ? validateRow(raw.fields) : { problem: raw.problem ?? 'unreadable line' };
    if ('problem' in validated) {
      rejected.push({ line: raw.line, reason: validated.problem });
      continue;
    }
    const planned = plan(validated.row, raw.line, seen);
    const group = groups.get(planned.key) ?? [];
    group.push(planned);
    groups.set(planned.key, group);
  }

  const state = ImportState.open(options.file, contentHash, options.resume);
  let skipped = 0;
  for (const [key, rows] of groups) {
    const done = state.doneThrough(key);
    const rest = rows.filter((row) => row.line > done);
    skipped += rows.length - rest.length;
    groups.set(key, rest);
  }
  const counts = { appended: 0, alreadyPresent: 0 };
  const total = [...groups.values()].reduce((sum, rows) => sum + rows.length, 0);
  let fatal: CliError | undefined;
  const onSignal = () => {
    state.close(false);
    options.progress.stop();
    process.stderr.write(`\ninterrupted: progress saved in ${state.path}; run again with --resume\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  options.progress.start(total);
  state.startAutosave();

  const sendGroup = async (rows: PlannedRow[]) => {
    for (const row of rows) {
      if (fatal) return;
      const outcome = await send(options.client, row);
      if (outcome.kind === 'fatal') {
        fatal = outcome.error;
        return;
      }
      if (outcome.kind === 'rejected') rejected.push({ line: row.line, reason: outcome.reason });
      else if (outcome.kind === 'appended') counts.appended += 1;
      else counts.alreadyPresent += 1;
      state.markDone(row.key, row.line);
      options.progress.tick(rejected.length);
    }
  };
  try {
    // A program's own steps first (markets need their program), then the markets side by side.
    const programGroups = [...groups].filter(([key]) => key.startsWith('program:')).map(([, rows]) => rows);
    const marketGroups = [...groups].filter(([key]) => !key.startsWith('program:')).map(([, rows]) => rows);
    for (const rows of programGroups) await sendGroup(rows);
    let next = 0;
    const worker = async () => {
      while (next < marketGroups.length && !fatal) await sendGroup(marketGroups[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    options.progress.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    state.close(fatal === undefined);
  }
  if (fatal)
    throw new CliError(
      `${fatal.message}\nprogress saved in ${state.path}; fix the cause and run again with --resume`,
      fatal.exitCode,
    );
  rejected.sort((a, b) => a.line - b.line);
  return {
    file: options.file,
    rows: raws.length,
    ...counts,
    skipped,
    rejected,
    elapsedMs: Date.now() - started,
  };
}

/**
 * The idempotency key is a hash of the normalised request (route and body as sent, so a CSV "62000" and an
 * NDJSON 62000 agree) plus how many identical rows came before it in the file: a genuine repeat (the same
 * batch copied again for a retry) still gets its own key, and importing the file again repeats every key.
 */
function plan(row: StepRow, line: number, seen: Map<string, number>): PlannedRow {
  const request = rowRequest(row);
  const normalised = JSON.stringify([concretePath(request), request.body]);
  const occurrence = seen.get(normalised) ?? 0;
  seen.set(normalised, occurrence + 1);
  const hash = createHash('sha256').update(`${normalised}#${occurrence}`).digest('hex').slice(0, 40);
  return { line, key: orderingKey(row), request, idempotencyKey: `import-${hash}` };
}

type Outcome =
  | { kind: 'appended' | 'replayed' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'fatal'; error: CliError };

async function send(client: TrackerClient, row: PlannedRow): Promise<Outcome> {
  let lastError = '';
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    let result;
    try {
      result = await client.write(row.request, { 'idempotency-key': row.idempotencyKey });
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      continue;
    }
    const { status, headers } = result.response;
    if (status === 201) {
      return { kind: headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'appended' };
    }
    const answer = failureOf(result);
    if (status === 401 || status === 403) {
      return {
        kind: 'fatal',
        error: new CliError(`line ${row.line}: ${shortReason(answer)}`, exitCodeForStatus(status)),
      };
    }
    // 503 (busy, read model behind) and 5xx: retried; every other answer is about the row itself.
    if (status >= 500) {
      lastError = shortReason(answer);
      continue;
    }
    return { kind: 'rejected', reason: shortReason(answer) };
  }
  return {
    kind: 'fatal',
    error: new CliError(
      `line ${row.line}: the server did not take the row after ${RETRIES + 1} attempts: ${lastError}`,
      EXIT.server,
    ),
  };
}
