/** All output goes through here: results to stdout, diagnostics to stderr. */
export const printer = {
  out(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
  err(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  },
};
