/**
 * One migration step as a flat row: the format of `tracker import` (CSV columns / NDJSON fields), of the
 * scenario generator and of the demo. Each row maps to exactly one write route of the HTTP API.
 */
export const STEP_KINDS = [
  'create-program',
  'revise-deadline',
  'enroll',
  'revise-scope',
  'start',
  'pause',
  'resume',
  'cutover',
  'purge',
  'complete',
  'copied',
  'verified',
  'failed',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface StepRow {
  program: string;
  step: StepKind;
  market?: string;
  batch?: string;
  /** copied: users in the batch. */
  users?: number;
  bytes?: number;
  /** pause, failed, revise-deadline, revise-scope. */
  reason?: string;
  /** purge. */
  evidence?: string;
  /** verified. */
  checksum?: string;
  occurredAt?: string;
  /** enroll. */
  targetRegion?: string;
  /** enroll, revise-scope. */
  usersInScope?: number;
  bytesInScope?: number;
  plannedStart?: string;
  /** create-program, revise-deadline. */
  deadline?: string;
  /** create-program. */
  name?: string;
  sourceRegion?: string;
  timeZone?: string;
  dataCategories?: string[];
}

export interface StepRequest {
  path: string;
  body: Record<string, unknown>;
}

/** Which fields each kind needs (besides `program`) and which it may carry. */
export const STEP_FIELDS: Record<StepKind, { required: (keyof StepRow)[]; optional: (keyof StepRow)[] }> = {
  'create-program': {
    required: ['name', 'sourceRegion', 'deadline', 'dataCategories'],
    optional: ['timeZone'],
  },
  'revise-deadline': { required: ['deadline', 'reason'], optional: [] },
  enroll: {
    required: ['market', 'targetRegion', 'usersInScope'],
    optional: ['bytesInScope', 'plannedStart'],
  },
  'revise-scope': { required: ['market', 'usersInScope', 'reason'], optional: [] },
  start: { required: ['market'], optional: [] },
  pause: { required: ['market', 'reason'], optional: [] },
  resume: { required: ['market'], optional: [] },
  cutover: { required: ['market'], optional: [] },
  purge: { required: ['market', 'evidence'], optional: [] },
  complete: { required: ['market'], optional: [] },
  copied: { required: ['market', 'batch', 'users'], optional: ['bytes'] },
  verified: { required: ['market', 'batch'], optional: ['checksum'] },
  failed: { required: ['market', 'batch', 'reason'], optional: [] },
};

const BODY_NAMES: Partial<Record<keyof StepRow, string>> = { program: 'programId' };

/** The route and JSON body a row stands for (fields outside the kind's list are not sent). */
export function stepRequest(row: StepRow): StepRequest {
  const { required, optional } = STEP_FIELDS[row.step];
  const body: Record<string, unknown> = {};
  for (const field of [...required, ...optional, 'occurredAt' as const]) {
    if (field === 'market' || field === 'batch') continue;
    const value = row[field];
    if (value !== undefined) body[BODY_NAMES[field] ?? field] = value;
  }
  const program = `/programs/${row.program}`;
  const market = `${program}/markets/${row.market}`;
  switch (row.step) {
    case 'create-program':
      return { path: '/programs', body: { programId: row.program, ...body } };
    case 'revise-deadline':
      return { path: `${program}/deadline`, body };
    case 'enroll':
      return { path: `${program}/markets`, body: { market: row.market, ...body } };
    case 'revise-scope':
      return { path: `${market}/scope`, body };
    case 'copied':
    case 'verified':
    case 'failed':
      return { path: `${market}/batches/${row.batch}/${row.step}`, body };
    default:
      return { path: `${market}/${row.step}`, body };
  }
}

/** Rows of one market keep their order; rows of different markets are independent of each other. */
export function orderingKey(row: StepRow): string {
  return row.market === undefined ? `program:${row.program}` : `market:${row.program}:${row.market}`;
}
