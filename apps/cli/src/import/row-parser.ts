import { parse } from 'csv-parse/sync';
import { CliError, EXIT } from '../client/exit-codes';
import { COLUMNS } from './row-validator';

export type ImportFormat = 'csv' | 'ndjson';

/** One record of the file before validation: its line number and its fields as written. */
export interface RawRow {
  line: number;
  fields?: Record<string, unknown>;
  /** Set when the line could not even be read as a record. */
  problem?: string;
}

export function formatOf(file: string, explicit?: string): ImportFormat {
  const format =
    explicit ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : /\.csv$/i.test(file) ? 'csv' : undefined);
  if (format === 'csv' || format === 'ndjson') return format;
  throw new CliError(`--format must be csv or ndjson (cannot tell from the name ${file})`, EXIT.usage);
}

/** CSV: a header line naming the columns, one step per line; empty cells are absent fields. */
function parseCsv(text: string): RawRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
        if (unknown.length)
          throw new CliError(
            `unknown column(s) ${unknown.join(', ')}; columns are ${COLUMNS.join(', ')}`,
            EXIT.usage,
          );
        return names;
      },
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      bom: true,
    }) as typeof records;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the CSV file: ${(error as Error).message}`, EXIT.usage);
  }
  return records.map(({ record, info }) => ({
    line: info.lines,
    fields: Object.fromEntries(
      Object.entries(record).filter(([, value]) => value !== '' && value !== undefined),
    ),
  }));
}

/** NDJSON: one JSON object per line; blank lines are skipped. */
function parseNdjson(text: string): RawRow[] {
  const rows: RawRow[] = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    try {
      const value: unknown = JSON.parse(content);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        rows.push({ line, problem: 'the line must be a JSON object' });
      } else {
        rows.push({ line, fields: value as Record<string, unknown> });
      }
    } catch {
      rows.push({ line, problem: 'the line is not valid JSON' });
    }
  });
  return rows;
}

export function parseRows(text: string, format: ImportFormat): RawRow[] {
  return format === 'csv' ? parseCsv(text) : parseNdjson(text);
}
