import type { ChangeNotice } from './projection';

/** What one commit changed, announced to `onChange` listeners (e.g. Server-Sent Events) after the commit. */
export interface ChangeBatch {
  /** The highest active checkpoint written by the commit: a reader that saw this position sees the changes. */
  position: bigint;
  /** De-duplicated: each (program, market) once, whichever events and projections touched it. */
  changes: ChangeNotice[];
}

export type ChangeListener = (batch: ChangeBatch) => void;

/** A de-duplicating set of change notices, keyed by program and market. */
export class ChangeSet {
  private readonly notices = new Map<string, ChangeNotice>();

  get size(): number {
    return this.notices.size;
  }

  add(notice: ChangeNotice): void {
    const key = notice.market === undefined ? notice.programId : `${notice.programId}\u0000${notice.market}`;
    if (!this.notices.has(key)) this.notices.set(key, { ...notice });
  }

  addAll(notices: Iterable<ChangeNotice>): void {
    for (const notice of notices) this.add(notice);
  }

  toArray(): ChangeNotice[] {
    return [...this.notices.values()];
  }

  clear(): void {
    this.notices.clear();
  }
}
