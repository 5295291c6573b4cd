import { integer, type Options } from '../commands/api-command';

/** Where the demo's tracker listens and keeps its data. */
export interface DemoPlace {
  port: number;
  /** Unset: a new temporary directory. */
  dataDir: string | undefined;
}

/**
 * `--port` and `--data-dir` first, then `PORT` and `DATA_DIR` as `npm start` reads them, then the defaults
 * (3000, a fresh temporary directory). A value that is not a port is refused naming where it came from.
 */
export function demoPlace(options: Options, env: NodeJS.ProcessEnv): DemoPlace {
  const port =
    integer(options.port, '--port') ?? integer(nonEmpty(env.PORT), 'PORT (environment)') ?? 3000;
  const dataDir = (options.dataDir as string | undefined) ?? nonEmpty(env.DATA_DIR);
  return { port, dataDir };
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;
