import { EARLIEST_INSTANT, isInstantInRange, LATEST_INSTANT } from '@app/domain';
import { STEP_FIELDS, STEP_KINDS, type StepKind, type StepRow } from '@app/scenario';

/**
 * The API's input rules, checked locally before anything is sent, so that a file's mistakes are reported
 * line by line without a round trip (the server checks them again: it is the authority).
 */
const PROGRAM_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MARKET_CODE = /^[A-Z]{2}$/;
const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CATEGORY = /^[a-z0-9][a-z0-9-]*$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_USERS = 10_000_000_000;

export const COLUMNS: readonly (keyof StepRow)[] = [
  'program',
  'market',
  'step',
  'batch',
  'users',
  'bytes',
  'reason',
  'evidence',
  'checksum',
  'occurredAt',
  'targetRegion',
  'usersInScope',
  'bytesInScope',
  'plannedStart',
  'deadline',
  'name',
  'sourceRegion',
  'timeZone',
  'dataCategories',
];

class RowProblem extends Error {}

function isInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const text = (field: string, value: unknown): string => {
  if (typeof value !== 'string' && typeof value !== 'number') throw new RowProblem(`${field} must be text`);
  return String(value);
};

function integer(field: string, value: unknown, min: number, max: number): number {
  const raw = typeof value === 'number' ? String(value) : text(field, value).trim();
  const number = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new RowProblem(`${field} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return number;
}

function matching(field: string, value: unknown, pattern: RegExp, what: string): string {
  const raw = text(field, value);
  if (!pattern.test(raw)) throw new RowProblem(`${field} must be ${what}, got "${raw}"`);
  return raw;
}

function freeText(field: string, value: unknown, max: number): string {
  const raw = text(field, value);
  if (!/\S/.test(raw)) throw new RowProblem(`${field} must not be blank`);
  if (raw.length > max) throw new RowProblem(`${field} must be at most ${max} characters`);
  return raw;
}

function instant(field: string, value: unknown): string {
  const raw = text(field, value);
  if (!isInstant(raw)) {
    throw new RowProblem(
      `${field} must be an ISO-8601 date-time with a zone, e.g. 2014-10-31T23:59:59+08:00, got "${raw}"`,
    );
  }
  // The server's range (the domain's): a row refused here is not sent, so the file is checked whole first.
  if (!isInstantInRange(raw)) {
    throw new RowProblem(`${field} must be between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}, got "${raw}"`);
  }
  return raw;
}

function categories(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : text('dataCategories', value)
        .split('|')
        .map((c) => c.trim());
  if (list.length === 0 || list.length > 50)
    throw new RowProblem('dataCategories must hold 1 to 50 categories');
  if (new Set(list).size !== list.length) throw new RowProblem('dataCategories must not repeat a category');
  for (const category of list) {
    if (typeof category !== 'string' || category.length > 64 || !CATEGORY.test(category)) {
      throw new RowProblem(
        'each of dataCategories must be lower-case letters, digits or dashes (separate them with |)',
      );
    }
  }
  return list as string[];
}

const PARSERS: Record<keyof StepRow, (value: unknown) => unknown> = {
  program: (v) => matching('program', v, PROGRAM_ID, '1-64 lower-case letters, digits or dashes'),
  step: (v) => v,
  market: (v) => matching('market', v, MARKET_CODE, 'a two-letter upper-case market code such as IN'),
  batch: (v) => matching('batch', v, BATCH_ID, '1-128 letters, digits or . _ : - characters'),
  users: (v) => integer('users', v, 1, MAX_USERS),
  bytes: (v) => integer('bytes', v, 0, Number.MAX_SAFE_INTEGER),
  usersInScope: (v) => integer('usersInScope', v, 1, MAX_USERS),
  bytesInScope: (v) => integer('bytesInScope', v, 0, Number.MAX_SAFE_INTEGER),
  reason: (v) => freeText('reason', v, 1000),
  evidence: (v) => freeText('evidence', v, 2000),
  name: (v) => freeText('name', v, 200),
  checksum: (v) =>
    matching('checksum', v, /^[\x21-\x7e]{1,200}$/, 'visible ASCII without spaces, at most 200 characters'),
  occurredAt: (v) => instant('occurredAt', v),
  plannedStart: (v) => instant('plannedStart', v),
  deadline: (v) => instant('deadline', v),
  targetRegion: (v) => matching('targetRegion', v, REGION, 'a region name such as us-east'),
  sourceRegion: (v) => matching('sourceRegion', v, REGION, 'a region name such as cn-north'),
  timeZone: (v) => {
    const zone = text('timeZone', v);
    if (!isTimeZone(zone))
      throw new RowProblem(`timeZone must be an IANA time zone such as Asia/Singapore, got "${zone}"`);
    return zone;
  },
  dataCategories: categories,
};

export type Validated = { row: StepRow } | { problem: string };

/** A row of the file as a step, or the first problem found in it (named by its field). */
export function validateRow(fields: Record<string, unknown>): Validated {
  try {
    const step = fields.step;
    if (typeof step !== 'string' || !(STEP_KINDS as readonly string[]).includes(step)) {
      throw new RowProblem(`step must be one of ${STEP_KINDS.join(', ')}, got "${String(step ?? '')}"`);
    }
    const kind = step as StepKind;
    const allowed = new Set<string>([
      'program',
      'step',
      'occurredAt',
      ...STEP_FIELDS[kind].required,
      ...STEP_FIELDS[kind].optional,
    ]);
    const row: Record<string, unknown> = { step: kind };
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined || value === null || value === '') continue;
      if (!(field in PARSERS)) throw new RowProblem(`unknown field ${field}`);
      if (!allowed.has(field)) throw new RowProblem(`${field} does not apply to a ${kind} step`);
      row[field] = PARSERS[field as keyof StepRow](value);
    }
    for (const field of ['program', ...STEP_FIELDS[kind].required]) {
      if (row[field] === undefined) throw new RowProblem(`${field} is required for a ${kind} step`);
    }
    return { row: row as unknown as StepRow };
  } catch (error) {
    if (error instanceof RowProblem) return { problem: error.message };
    throw error;
  }
}
