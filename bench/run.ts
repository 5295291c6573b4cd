import 'reflect-metadata';
import { cpus } from 'node:os';
import { auditAsOfBench } from './audit/as-of.bench';
import { auditTlogBench } from './audit/tlog.bench';
import { auditVerifyBench } from './audit/verify.bench';
import { hostileBench } from './hostile/hostile.bench';
import { importBench } from './import/import.bench';
import { notifyBench } from './notify/notify.bench';
import { httpCommandsBench } from './append/http-commands.bench';
import { storeAppendBench } from './append/store-append.bench';
import { writeCacheBench } from './append/write-cache.bench';
import { progressQueryBench } from './read/progress-query.bench';
import { rebuildBench } from './read/rebuild.bench';
import { sseLatencyBench } from './read/sse-latency.bench';
import { scaleBench } from './scale/scale.bench';
import { sseFanoutBench } from './read/sse-fanout.bench';
import { formatFigures, verdict, type Figure } from './support/figures';
import {
  durabilityLabel,
  OptionsError,
  parseOptions,
  USAGE,
  type BenchOptions,
  type PartName,
} from './support/options';
import { removeAllTempDirs } from './support/temp-dirs';

/** `npm run bench [-- --quick] [part ...]`: runs the parts, prints the summary; targets are reported, not enforced. */

const RUNNERS: Record<PartName, (options: BenchOptions) => Promise<Figure[]>> = {
  'store-append': storeAppendBench,
  'http-commands': httpCommandsBench,
  'write-cache': writeCacheBench,
  rebuild: rebuildBench,
  'progress-query': progressQueryBench,
  'sse-latency': sseLatencyBench,
  'sse-fanout': sseFanoutBench,
  'audit-verify': auditVerifyBench,
  'audit-as-of': auditAsOfBench,
  'audit-tlog': auditTlogBench,
  import: importBench,
  hostile: hostileBench,
  notify: notifyBench,
  scale: scaleBench,
};

process.once('SIGINT', () => {
  removeAllTempDirs();
  process.exit(130);
});

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  console.log(
    `Benchmarks (${options.quick ? 'quick' : 'full'} run): ${options.parts.join(', ')}; ` +
      `durability ${durabilityLabel(options.durability)} on every side; node ${process.version}, ${cpus().length} CPUs`,
  );
  console.log(
    'Each figure is a candidate measured against a baseline in the same run; ratio = median of per-round ratios.',
  );
  const figures: Figure[] = [];
  const crashed: string[] = [];
  for (const part of options.parts) {
    try {
      figures.push(...(await RUNNERS[part](options)));
    } catch (error) {
      crashed.push(part);
      console.error(`\n!! ${part} did not complete:`, error);
    }
  }
  removeAllTempDirs();
  console.log(`\n== Summary (${options.quick ? 'quick run: indicative only' : 'full run'})\n`);
  console.log('Ratios are candidate ÷ baseline: above 1 is faster for rates, slower for latencies.\n');
  console.log(formatFigures(figures));
  const targets = figures.filter((figure) => figure.target !== undefined);
  const passed = targets.filter((figure) => verdict(figure) === 'PASS').length;
  console.log(
    `\n${passed}/${targets.length} targets met${crashed.length ? `; did not complete: ${crashed.join(', ')}` : ''}.`,
  );
  return crashed.length > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then((code) => {
    process.exitCode = code;
    // Everything is closed by now; should a stray handle remain, do not hang the caller.
    setTimeout(() => process.exit(code), 2000).unref();
  });
