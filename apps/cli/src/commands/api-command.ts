import { CommandRunner } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { TrackerClient } from '../client/tracker-client';
import type { WriteRequest } from '../client/write-request';
import { resolveConnection } from '../config/cli-config';
import { printer } from '../output/printer';

type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];
export type Options = Record<string, string | boolean | undefined>;

export interface Flag {
  flags: string;
  description: string;
  required?: boolean;
}

const CONNECTION_FLAGS: Flag[] = [
  {
    flags: '--url <url>',
    description: 'API base URL (env TRACKER_URL, config file; default http://127.0.0.1:3000)',
  },
  { flags: '--key <key>', description: 'API key (env TRACKER_KEY, config file)' },
  {
    flags: '--config <file>',
    description: 'config file { "url", "key" } (default ~/.config/migration-tracker/config.json)',
  },
  { flags: '--json', description: 'print the answer as JSON' },
];

const WRITE_FLAGS: Flag[] = [
  {
    flags: '--occurred-at <instant>',
    description: 'when the step happened, ISO-8601 with a zone (default: now)',
  },
  {
    flags: '--idempotency-key <key>',
    description: 'a retry with the same key writes nothing and gets the first answer',
  },
  { flags: '--if-match <revision>', description: 'write only if the stream is still at this revision' },
];

/**
 * Base of every subcommand that talks to the API: adds the connection options (and, for writes, the step
 * options) to the command, runs `execute`, and turns failures into a message on stderr and an exit code.
 */
export abstract class ApiCommand extends CommandRunner {
  /** The subcommand's own options. */
  protected readonly flags: Flag[] = [];
  /** Writes also take --occurred-at, --idempotency-key and --if-match. */
  protected readonly writes: boolean = false;

  override setCommand(command: CommanderCommand): this {
    super.setCommand(command);
    for (const flag of [...this.flags, ...(this.writes ? WRITE_FLAGS : []), ...CONNECTION_FLAGS]) {
      if (flag.required) command.requiredOption(flag.flags, flag.description);
      else command.option(flag.flags, flag.description);
    }
    return this;
  }

  protected abstract execute(args: string[], options: Options): Promise<void>;

  async run(args: string[]): Promise<void> {
    const options = this.command.opts() as Options;
    try {
      await this.execute(args, options);
    } catch (error) {
      if (error instanceof CliError) {
        printer.err(`error: ${error.message}`);
        process.exitCode = error.exitCode;
      } else {
        printer.err(`error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = EXIT.server;
      }
    }
  }

  protected client(options: Options): TrackerClient {
    const connection = resolveConnection({
      url: options.url as string | undefined,
      key: options.key as string | undefined,
      config: options.config as string | undefined,
    });
    return new TrackerClient(connection.url, connection.key);
  }

  /** POSTs a step and prints the write result (stream, revision, position). */
  protected async write(options: Options, request: WriteRequest): Promise<void> {
    const headers: Record<string, string> = {};
    if (typeof options.idempotencyKey === 'string') headers['idempotency-key'] = options.idempotencyKey;
    if (typeof options.ifMatch === 'string') headers['if-match'] = options.ifMatch;
    const client = this.client(options);
    const answer = await client.ok(client.write(withOccurredAt(request, options.occurredAt), headers));
    const replayed = answer.headers.get('idempotent-replayed') === 'true';
    if (options.json) return printer.json({ ...answer.body, replayed });
    const { streamId, revision, position } = answer.body;
    printer.out(
      `ok ${streamId} revision ${revision} position ${position}${replayed ? ' (replayed, nothing written)' : ''}`,
    );
  }
}

/** Every write body takes `occurredAt` (the assignment below fails the type-check the day one does not). */
function withOccurredAt(request: WriteRequest, occurredAt: string | boolean | undefined): WriteRequest {
  if (typeof occurredAt !== 'string') return request;
  const body: { occurredAt?: string } = { ...request.body, occurredAt };
  return { ...request, body } as WriteRequest;
}

/** A group such as `tracker market`: without a subcommand it prints its help and exits with 1. */
export abstract class GroupCommand extends CommandRunner {
  async run(args: string[]): Promise<void> {
    if (args.length > 0) printer.err(`error: unknown command '${args[0]}'`);
    this.command.outputHelp({ error: true });
    process.exitCode = EXIT.usage;
  }
}

export function integer(value: string | boolean | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (
    typeof value !== 'string' ||
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(number) ||
    number < min
  ) {
    throw new CliError(
      `${flag} must be a whole number of at least ${min}, got "${String(value)}"`,
      EXIT.usage,
    );
  }
  return number;
}

/** The value of an option commander requires (`required: true`), as text. */
export function text(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string') throw new CliError(`${flag} needs a value`, EXIT.usage);
  return value;
}

/** A whole number an option must give (see `integer`). */
export function count(value: string | boolean | undefined, flag: string, min = 0): number {
  const number = integer(value, flag, min);
  if (number === undefined) throw new CliError(`${flag} needs a value`, EXIT.usage);
  return number;
}
