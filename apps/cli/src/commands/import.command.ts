import { Command } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { progressReporter } from '../import/import-progress';
import { runImport } from '../import/import-runner';
import { formatOf } from '../import/row-parser';
import { COLUMNS } from '../import/row-validator';
import { printer } from '../output/printer';
import { ApiCommand, integer, type Flag, type Options } from './api-command';

@Command({
  name: 'import',
  arguments: '<file>',
  argsDescription: {
    file: 'a CSV (header line, one step per line) or NDJSON (one JSON object per line) file',
  },
  description:
    'bulk-import steps: every row validated, rejected rows reported by line, the rest appended; ' +
    'a second import of the same file appends nothing; --resume continues an interrupted one',
})
export class ImportCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--format <format>', description: 'csv or ndjson (default: from the file name)' },
    {
      flags: '--concurrency <n>',
      description: "markets sent side by side (default 8); one market's rows stay in order",
    },
    { flags: '--resume', description: 'skip the rows an interrupted import of this file already did' },
    { flags: '--quiet', description: 'no progress bar or progress lines' },
  ];

  override setCommand(command: Parameters<ApiCommand['setCommand']>[0]): this {
    super.setCommand(command);
    command.addHelpText(
      'after',
      `\nColumns / fields: ${COLUMNS.join(', ')}\nSee the README ("Bulk import") for which step needs which.\nExit: 0 all rows in, 1 some rows rejected (listed with line numbers), 2 key refused, 5 server unreachable.`,
    );
    return this;
  }

  protected async execute([file]: string[], options: Options): Promise<void> {
    const concurrency = integer(options.concurrency, '--concurrency', 1) ?? 8;
    const report = await runImport({
      file,
      format: formatOf(file, options.format as string | undefined),
      concurrency,
      resume: options.resume === true,
      client: this.client(options),
      progress: progressReporter(process.stderr, options.quiet === true || options.json === true),
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new CliError(`cannot read ${file}: no such file`, EXIT.usage);
      throw error;
    });
    if (options.json) printer.json(report);
    else {
      const rate = (
        (report.appended + report.alreadyPresent) /
        Math.max(0.001, report.elapsedMs / 1000)
      ).toFixed(0);
      const lines = [
        `imported ${file}: ${report.appended} appended, ${report.alreadyPresent} already present, ` +
          `${report.rejected.length} rejected, ${report.skipped} skipped (done before --resume) ` +
          `in ${(report.elapsedMs / 1000).toFixed(1)} s (${rate} rows/s)`,
      ];
      if (report.rejected.length) {
        lines.push('rejected rows (nothing appended for them):');
        lines.push(...report.rejected.map((r) => `  line ${r.line}: ${r.reason}`));
      }
      printer.out(lines.join('\n'));
    }
    if (report.rejected.length) process.exitCode = EXIT.usage;
  }
}
