import { readFileSync, statSync } from 'node:fs';
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

/** A URL fit for a message: any user or password in it replaced by `***` (also in text that is no valid URL). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.href;
  } catch {
    return url.replace(/^([^/]*\/\/)?[^/@]*@/, (_all, scheme: string | undefined) => `${scheme ?? ''}***@`);
  }
}

const warnedFiles = new Set<string>();

/** A key readable by other users of the machine is a key they have: say so, once per run. */
function warnIfOpen(path: string): void {
  if (process.platform === 'win32' || warnedFiles.has(path)) return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  warnedFiles.add(path);
  process.stderr.write(
    `warning: the config file ${path} holds an API key and is open to other users ` +
      `(mode ${mode.toString(8).padStart(3, '0')}); run: chmod 600 ${path}\n`,
  );
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
  if (key !== undefined) warnIfOpen(path);
  return { url, key };
}

/** Where the API and key come from, first found wins: flags, then TRACKER_URL / TRACKER_KEY, then the file. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const file = readConfigFile(
    flags.config ?? env.TRACKER_CONFIG ?? defaultConfigPath(env),
    Boolean(flags.config ?? env.TRACKER_CONFIG),
  );
  const url = flags.url ?? env.TRACKER_URL ?? file.url ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(
      `--url must be an absolute URL such as ${DEFAULT_URL}, got "${redactUrl(url)}"`,
      EXIT.usage,
    );
  }
  // fetch refuses such URLs anyway; and a password in a URL ends up in shell histories and process lists.
  if (parsed.username || parsed.password) {
    throw new CliError(
      `--url must not carry a user or password (got "${redactUrl(url)}"): give the API key with --key, TRACKER_KEY or the config file`,
      EXIT.usage,
    );
  }
  return { url, key: flags.key ?? env.TRACKER_KEY ?? file.key };
}
