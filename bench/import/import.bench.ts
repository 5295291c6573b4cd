import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulkSteps, orderingKey, stepRequest, type StepRow } from '@app/scenario';
import { TrackerClient } from '../../apps/cli/src/client/tracker-client';
import { progressReporter } from '../../apps/cli/src/import/import-progress';
import { runImport } from '../../apps/cli/src/import/import-runner';
import { OPERATOR_KEY, startApi } from '../append/api.server';
import type { Figure } from '../support/figures';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { MARKETS } from '../support/payloads';

/**
 * `tracker import` of N generated steps (NDJSON: parse, validate, idempotency key per row, per-market order)
 * against the API's own append rate in the same run: the same steps POSTed directly by a bare fetch loop
 * with the same concurrency and the same per-market order, no idempotency keys, each on a fresh API.
 */

const FULL_STEPS = 100_000;
const QUICK_STEPS = 10_000;
const TARGET = 0.5;

/** The baseline: each market's rows in order, markets side by side; nothing but fetch and a status check. */
async function postDirectly(origin: string, rows: StepRow[], concurrency: number): Promise<number> {
  const groups = new Map<string, StepRow[]>();
  for (const row of rows) groups.set(orderingKey(row), [...(groups.get(orderingKey(row)) ?? []), row]);
  const headers = { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };
  const send = async (row: StepRow) => {
    const { path, body } = stepRequest(row);
    const response = await fetch(`${origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${text}`);
  };
  const started = performance.now();
  const ordered = [...groups.values()];
  for (const group of ordered.filter((g) => g[0].market === undefined))
    for (const row of group) await send(row);
  const markets = ordered.filter((g) => g[0].market !== undefined);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < markets.length) for (const row of markets[next++]) await send(row);
    }),
  );
  return performance.now() - started;
}

export async function importBench(options: BenchOptions): Promise<Figure[]> {
  const steps = options.quick ? QUICK_STEPS : FULL_STEPS;
  const durability = durabilityLabel(options.durability);
  const rows = bulkSteps({ steps, markets: MARKETS, seed: 11 });
  const workDir = makeTempDir('import-file');
  const file = join(workDir, 'steps.ndjson');
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
  console.log(
    `\n== import: tracker import of ${formatCount(rows.length)} steps vs the same steps POSTed directly (${durability})`,
  );
  console.log(
    `   ${MARKETS.length} markets side by side, each market's rows in order; each side on a fresh API`,
  );

  const baselineDir = makeTempDir('import-baseline');
  const candidateDir = makeTempDir('import-candidate');
  try {
    const baselineApi = await startApi(baselineDir, options.durability);
    let baselineMs: number;
    try {
      baselineMs = await postDirectly(baselineApi.origin, rows, MARKETS.length);
    } finally {
      await baselineApi.close();
    }
    const baseline = perSecond(rows.length, baselineMs);
    console.log(`   direct POSTs:  ${formatNumber(baseline)} steps/s (${formatNumber(baselineMs / 1000)} s)`);

    const candidateApi = await startApi(candidateDir, options.durability);
    let candidate: number;
    let replay: number;
    try {
      const client = new TrackerClient(candidateApi.origin, OPERATOR_KEY);
      const run = () =>
        runImport({
          file,
          format: 'ndjson',
          concurrency: MARKETS.length,
          resume: false,
          client,
          progress: progressReporter(process.stderr, true),
        });
      const first = await run();
      if (first.appended !== rows.length)
        throw new Error(
          `import appended ${first.appended} of ${rows.length}: ${JSON.stringify(first.rejected.slice(0, 3))}`,
        );
      candidate = perSecond(rows.length, first.elapsedMs);
      console.log(
        `   tracker import: ${formatNumber(candidate)} steps/s (${formatNumber(first.elapsedMs / 1000)} s, parse + validate + send)`,
      );
      const second = await run();
      if (second.appended !== 0) throw new Error(`the re-import appended ${second.appended} steps`);
      replay = perSecond(rows.length, second.elapsedMs);
      console.log(
        `   re-import (every row answered as a replay, nothing appended): ${formatNumber(replay)} steps/s`,
      );
    } finally {
      await candidateApi.close();
    }
    const figure = (name: string, value: number, target?: number): Figure => ({
      part: 'import',
      name,
      durability,
      unit: 'steps/s',
      baseline,
      candidate: value,
      ratio: value / baseline,
      ...(target === undefined ? {} : { target }),
    });
    return [
      figure(`tracker import, ${formatCount(rows.length)} steps vs direct POSTs`, candidate, TARGET),
      figure('re-import of the same file (all replays) vs direct POSTs', replay),
    ];
  } finally {
    removeTempDir(workDir);
    removeTempDir(baselineDir);
    removeTempDir(candidateDir);
  }
}
