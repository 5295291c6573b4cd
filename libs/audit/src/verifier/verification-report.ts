export type BreakKind =
  | 'unreadable_event'
  | 'position_not_increasing'
  | 'revision_gap'
  | 'revision_out_of_order'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_malformed'
  | 'checkpoint_unknown_key'
  | 'checkpoint_bad_signature'
  | 'checkpoint_not_extending'
  | 'checkpoint_head_mismatch'
  | 'checkpoint_stream_unlisted'
  | 'checkpoint_root_mismatch'
  | 'checkpoint_inconsistent'
  | 'checkpoint_beyond_log'
  | 'unsigned_tail'
  | 'no_trusted_checkpoint'
  | 'key_rotation_invalid'
  | 'anchor_missing';

/** One place where the record differs from what it must be. */
export interface AuditBreak {
  kind: BreakKind;
  stream: string;
  /** The stream revision at fault (for a gap: the missing one). */
  revision: number | null;
  /** Global position of the event at fault, when there is one. */
  position: number | null;
  expected: unknown;
  actual: unknown;
  message: string;
}

export interface CheckpointSummary {
  sequence: number;
  /** Schema 1: every event at or below this position is covered; schema 2: the position of the last leaf. */
  globalPosition: number;
  /** Schema 2 (signed tree heads) only. */
  treeSize?: number;
  rootHash?: string;
  revision: number;
  position: number;
  hash: string;
  keyId: string;
  signedAt: string;
}

export interface VerificationReport {
  ok: boolean;
  /** The latest signed tree head the log was checked against (size 0: none). */
  covered: { treeSize: number; rootHash: string | null };
  events: number;
  streams: number;
  lastPosition: number;
  checkpoints: { count: number; valid: number; latest: CheckpointSummary | null };
  /** Key ids whose signatures were accepted (the trusted ones and those introduced by valid rotations). */
  keys: string[];
  firstBreak: AuditBreak | null;
  /** The first breaks found (at most `maxBreaks`), in log order. */
  breaks: AuditBreak[];
}
