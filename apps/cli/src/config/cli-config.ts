import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from '../client/exit-codes';

export interface ConnectionFlags {
  url?: string;
  key?: string;
  config?: string;
}

export interface Connection {
  url: string;
  key?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'migration-tracker', 'config.json');
}

function readConfigFile(path: string, explicit: boolean): Partial<Connection> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`the config file ${path} is not valid JSON`, EXIT.usage);
  }
  const { url, key } = (parsed ?? {}) as Record<string, unknown>;
  if ((url !== undefined && typeof url !== 'string') || (key !== undefined && typeof key !== 'string')) {
    throw new CliError(`the config file ${path} must hold { "url": string, "key": string }`, EXIT.usage);
  }
  return { url, key };
}

/** Where the API and key come from, first found wins: flags, then TRACKER_URL / TRACKER_KEY, then the file. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const file = readConfigFile(
    flags.config ?? env.TRACKER_CONFIG ?? defaultConfigPath(env),
    Boolean(flags.config ?? env.TRACKER_CONFIG),
  );
  const url = flags.url ?? env.TRACKER_URL ?? file.url ?? DEFAULT_URL;
  try {
    new URL(url);
  } catch {
    throw new CliError(`--url must be an absolute URL such as ${DEFAULT_URL}, got "${url}"`, EXIT.usage);
  }
  return { url, key: flags.key ?? env.TRACKER_KEY ?? file.key };
}
