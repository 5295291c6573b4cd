import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SEED, referenceScenario } from '@app/scenario';
import { Command } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { TrackerClient } from '../client/tracker-client';
import { startApiProcess } from '../demo/api-process';
import { demoPlace } from '../demo/demo-place';
import { progressReporter } from '../import/import-progress';
import { runImport } from '../import/import-runner';
import { printer } from '../output/printer';
import { ApiCommand, integer, type Flag, type Options } from './api-command';

const DEFAULT_NOW = '2014-09-15T10:00:00+08:00';

@Command({
  name: 'demo',
  description:
    'start a tracker on a fresh data dir with the generated 2014 reference program (seven markets) and a ' +
    'simulated clock, and print the dashboard URL and the keys',
})
export class DemoCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    {
      flags: '--data-dir <dir>',
      description: 'an empty or new directory (default: env DATA_DIR, else a new temporary one)',
    },
    { flags: '--port <n>', description: 'HTTP port (default: env PORT, else 3000; 0 picks a free one)' },
    {
      flags: '--now <instant>',
      description: `the simulated "now" the server starts at (default ${DEFAULT_NOW})`,
    },
    { flags: '--seed <n>', description: `seed of the scenario generator (default ${DEFAULT_SEED})` },
  ];

  protected async execute(_args: string[], options: Options): Promise<void> {
    const now = typeof options.now === 'string' ? options.now : DEFAULT_NOW;
    if (Number.isNaN(Date.parse(now)))
      throw new CliError(`--now must be an ISO-8601 instant, got "${now}"`, EXIT.usage);
    const seed = integer(options.seed, '--seed') ?? DEFAULT_SEED;
    const place = demoPlace(options, process.env);
    const port = place.port;
    const dataDir = freshDataDir(place.dataDir);
    const keys = {
      operator: `demo_operator_${randomBytes(12).toString('hex')}`,
      viewer: `demo_viewer_${randomBytes(12).toString('hex')}`,
      auditor: `demo_auditor_${randomBytes(12).toString('hex')}`,
    };
    const api = await startApiProcess(
      {
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        TRACKER_NOW: now,
        API_KEYS: Object.entries(keys)
          .map(([role, key]) => `demo-${role}:${role}:${key}`)
          .join(','),
      },
      process.cwd(),
    );
    const stop = () => api.child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);

    const rows = referenceScenario({ seed, until: now });
    const file = join(dataDir, 'reference-scenario.ndjson');
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    printer.err(
      `Loading ${rows.length} steps of the 2014 reference program (seed ${seed}, up to ${now}) into ${api.url}`,
    );
    const report = await runImport({
      file,
      format: 'ndjson',
      concurrency: 7,
      resume: false,
      client: new TrackerClient(api.url, keys.operator),
      progress: progressReporter(process.stderr, options.json === true),
    });
    if (report.rejected.length) {
      stop();
      throw new CliError(
        `the generated scenario was refused: ${JSON.stringify(report.rejected.slice(0, 3))}`,
        EXIT.server,
      );
    }
    const summary = {
      dashboard: `${api.url}/`,
      api: api.url,
      docs: `${api.url}/docs`,
      dataDir,
      simulatedNow: now,
      seed,
      steps: report.appended,
      keys,
    };
    if (options.json) printer.json(summary);
    else {
      printer.out(
        [
          '',
          `Migration tracker demo: ${report.appended} steps of the 2014 program loaded; the server's clock reads ${now} and runs on.`,
          '',
          `  Dashboard  ${summary.dashboard}`,
          `  API docs   ${summary.docs}`,
          `  Data dir   ${dataDir}`,
          '',
          '  Keys (Authorization: Bearer <key>):',
          `    operator ${keys.operator}`,
          `    viewer   ${keys.viewer}`,
          `    auditor  ${keys.auditor}`,
          '',
          '  Try:',
          `    export TRACKER_URL=${api.url} TRACKER_KEY=${keys.auditor}`,
          '    npm run cli -- progress intl-2014',
          '    npm run cli -- history intl-2014 MY --limit 20',
          '',
          'Ctrl-C stops the server (the data dir is kept).',
        ].join('\n'),
      );
    }
    await new Promise<void>((done) => api.child.once('exit', () => done()));
  }
}

function freshDataDir(requested: string | undefined): string {
  if (!requested) return mkdtempSync(join(tmpdir(), 'tracker-demo-'));
  const dir = resolve(requested);
  if (existsSync(join(dir, 'events.sqlite'))) {
    throw new CliError(`${dir} already holds a tracker's data; the demo needs a fresh directory`, EXIT.usage);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
