import type { StepRow } from '@app/scenario';
import { writeRequest, type WriteRequest } from '../client/write-request';

/** A field the validator has made sure of (validateRow requires it for the row's kind). */
function need<K extends keyof StepRow>(row: StepRow, field: K): NonNullable<StepRow[K]> {
  const value = row[field];
  if (value === undefined || value === null) throw new Error(`${field} is required for a ${row.step} step`);
  return value as NonNullable<StepRow[K]>;
}

/**
 * The write a validated row stands for, typed by the document. The fields go in the order of the scenario's
 * `stepRequest` (required, optional, occurredAt), so the idempotency keys of an import, a hash of the route and
 * body as sent, are the ones earlier versions computed: importing an old file again still appends nothing.
 */
export function rowRequest(row: StepRow): WriteRequest {
  const programId = row.program;
  const occurredAt = row.occurredAt;
  if (row.step === 'create-program')
    return writeRequest(
      '/programs',
      {},
      {
        programId,
        name: need(row, 'name'),
        sourceRegion: need(row, 'sourceRegion'),
        deadline: need(row, 'deadline'),
        dataCategories: need(row, 'dataCategories'),
        timeZone: row.timeZone,
        occurredAt,
      },
    );
  if (row.step === 'revise-deadline')
    return writeRequest(
      '/programs/{programId}/deadline',
      { programId },
      { deadline: need(row, 'deadline'), reason: need(row, 'reason'), occurredAt },
    );
  const market = need(row, 'market');
  const inMarket = { programId, market };
  switch (row.step) {
    case 'enroll':
      return writeRequest('/programs/{programId}/markets', inMarket, {
        market,
        targetRegion: need(row, 'targetRegion'),
        usersInScope: need(row, 'usersInScope'),
        bytesInScope: row.bytesInScope,
        plannedStart: row.plannedStart,
        occurredAt,
      });
    case 'revise-scope':
      return writeRequest('/programs/{programId}/markets/{market}/scope', inMarket, {
        usersInScope: need(row, 'usersInScope'),
        reason: need(row, 'reason'),
        occurredAt,
      });
    case 'pause':
      return writeRequest('/programs/{programId}/markets/{market}/pause', inMarket, {
        reason: need(row, 'reason'),
        occurredAt,
      });
    case 'purge':
      return writeRequest('/programs/{programId}/markets/{market}/purge', inMarket, {
        evidence: need(row, 'evidence'),
        occurredAt,
      });
    case 'start':
    case 'resume':
    case 'cutover':
    case 'complete':
      return writeRequest(`/programs/{programId}/markets/{market}/${row.step}`, inMarket, { occurredAt });
    default: {
      const inBatch = { ...inMarket, batchId: need(row, 'batch') };
      if (row.step === 'copied')
        return writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/copied', inBatch, {
          users: need(row, 'users'),
          bytes: row.bytes,
          occurredAt,
        });
      if (row.step === 'verified')
        return writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/verified', inBatch, {
          checksum: row.checksum,
          occurredAt,
        });
      return writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/failed', inBatch, {
        reason: need(row, 'reason'),
        occurredAt,
      });
    }
  }
}
