import { fork } from 'node:child_process';
import { extname } from 'node:path';

/**
 * Runs `script` (a sibling .ts/.js file of the caller's kind) in a process of its own with `request` as its
 * argument and resolves with the report it sends: its peak RSS is then its own, not the loader's.
 * BENCH_CPU_PROF=<dir> writes a CPU profile of the child there, BENCH_HEAP_PROF=<dir> a sampled heap profile
 * (both named after `label`; runs are slower). `nodeFlags` go to the child's node after this process's own.
 */
export function runChild<Report>(
  script: string,
  request: unknown,
  label: string,
  timeoutMs: number,
  nodeFlags: string[] = [],
): Promise<Report> {
  const execArgv = process.execArgv.includes('@swc-node/register')
    ? [...process.execArgv]
    : [...process.execArgv, '-r', '@swc-node/register'];
  execArgv.push(...profileArgs(label), ...nodeFlags);
  const child = fork(`${script}${extname(__filename)}`, [JSON.stringify(request)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<Report>((resolve, reject) => {
    let report: Report | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message: Report) => (report = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (report && code === 0) resolve(report);
      else reject(new Error(`${label} child ended (code ${code}, signal ${signal}) without a report`));
    });
  });
}

/** Node flags for the profiles BENCH_CPU_PROF / BENCH_HEAP_PROF ask for, named after `label`. */
export function profileArgs(label: string): string[] {
  const args: string[] = [];
  const cpu = process.env.BENCH_CPU_PROF;
  const heap = process.env.BENCH_HEAP_PROF;
  if (cpu) args.push('--cpu-prof', `--cpu-prof-dir=${cpu}`, `--cpu-prof-name=${label}.cpuprofile`);
  if (heap) args.push('--heap-prof', `--heap-prof-dir=${heap}`, `--heap-prof-name=${label}.heapprofile`);
  return args;
}

/** Peak resident set of this process so far (getrusage ru_maxrss, kilobytes on Linux), in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;
