import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { CliError, EXIT } from '../client/exit-codes';

interface StateFile {
  file: string;
  /** sha256 of the file's content: a resume is only valid for the very same rows. */
  contentHash: string;
  /** Per ordering key (a market, or a program's own steps): the last line answered, every earlier one too. */
  doneThrough: Record<string, number>;
  updatedAt: string;
}

/**
 * `<file>.import-state.json`: how far each market got. Rows of a market are sent one after the other, so
 * "answered through line N" is one number per market. Written at most every `intervalMs` and on exit; a row
 * answered after the last write is simply sent again on resume, and its idempotency key makes that a no-op.
 */
export class ImportState {
  private dirty = false;
  private timer?: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    private readonly state: StateFile,
  ) {}

  static open(file: string, contentHash: string, resume: boolean): ImportState {
    const path = `${file}.import-state.json`;
    const fresh: StateFile = { file, contentHash, doneThrough: {}, updatedAt: new Date().toISOString() };
    if (!resume || !existsSync(path)) return new ImportState(path, fresh);
    let saved: StateFile;
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
    } catch {
      throw new CliError(`cannot read the resume file ${path}; delete it to start over`, EXIT.usage);
    }
    if (saved.contentHash !== contentHash) {
      throw new CliError(
        `${file} changed since the interrupted import; run without --resume (replays are harmless)`,
        EXIT.usage,
      );
    }
    return new ImportState(path, saved);
  }

  doneThrough(key: string): number {
    return this.state.doneThrough[key] ?? 0;
  }

  markDone(key: string, line: number): void {
    this.state.doneThrough[key] = line;
    this.dirty = true;
  }

  startAutosave(intervalMs = 250): void {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  flush(): void {
    if (!this.dirty) return;
    this.state.updatedAt = new Date().toISOString();
    writeFileSync(`${this.path}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.path}.tmp`, this.path);
    this.dirty = false;
  }

  /** Keeps the file for a later --resume (interrupted) or removes it (the import ran to its end). */
  close(finished: boolean): void {
    clearInterval(this.timer);
    if (finished) rmSync(this.path, { force: true });
    else this.flush();
  }
}
