import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { eventUpcasters } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import { IsInstant } from '../shared/validation/is-instant.validator';
import { IsOptionalIntQuery } from '../shared/validation/optional-int-query.decorator';
import { toEventView, type EventView } from './event.view';

/** Filters shared by every history route; all optional, combined with AND; time bounds inclusive. */
export class HistoryFilterDto {
  @ApiPropertyOptional({ description: 'who recorded it (envelope `actor`)', example: 'ops-1' })
  @IsOptional()
  @Matches(/^[\w.@:-]{1,128}$/, { message: 'actor must be 1-128 letters, digits or . @ : _ -' })
  actor?: string;

  @ApiPropertyOptional({
    description: 'event type(s), comma-separated',
    example: 'BatchVerified,BatchFailed',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}(,[A-Za-z]{1,64}){0,31}$/, {
    message: 'type must be event type names, comma-separated',
  })
  type?: string;

  @ApiPropertyOptional({ description: 'recorded at or after (when the store took it)' })
  @IsOptional()
  @IsInstant()
  recordedFrom?: string;

  @ApiPropertyOptional({ description: 'recorded at or before' })
  @IsOptional()
  @IsInstant()
  recordedTo?: string;

  @ApiPropertyOptional({ description: 'occurred at or after (when it happened, as reported)' })
  @IsOptional()
  @IsInstant()
  occurredFrom?: string;

  @ApiPropertyOptional({ description: 'occurred at or before' })
  @IsOptional()
  @IsInstant()
  occurredTo?: string;
}

/** The filters plus the page size every history route takes. */
export class HistoryPageDto extends HistoryFilterDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptionalIntQuery(1, 1000)
  limit?: number;
}

export interface HistoryFilter {
  actor?: string;
  types?: ReadonlySet<string>;
  recorded: [from: number, to: number];
  occurred: [from: number, to: number];
}

export function historyFilter(dto: HistoryFilterDto): HistoryFilter | undefined {
  const bound = (value: string | undefined, fallback: number) => (value ? Date.parse(value) : fallback);
  const active = [
    dto.actor,
    dto.type,
    dto.recordedFrom,
    dto.recordedTo,
    dto.occurredFrom,
    dto.occurredTo,
  ].some((value) => value !== undefined);
  if (!active) return undefined;
  return {
    actor: dto.actor,
    types: dto.type ? new Set(dto.type.split(',')) : undefined,
    recorded: [bound(dto.recordedFrom, -Infinity), bound(dto.recordedTo, Infinity)],
    occurred: [bound(dto.occurredFrom, -Infinity), bound(dto.occurredTo, Infinity)],
  };
}

export function matchesFilter(event: RecordedEvent, filter: HistoryFilter | undefined): boolean {
  if (!filter) return true;
  const metadata = event.metadata as { actor?: unknown; recordedAt?: unknown; occurredAt?: unknown };
  if (filter.actor !== undefined && metadata.actor !== filter.actor) return false;
  if (filter.types && !filter.types.has(event.type)) return false;
  const recordedAt = Date.parse(String(metadata.recordedAt ?? event.recordedAt));
  const occurredAt = metadata.occurredAt === undefined ? recordedAt : Date.parse(String(metadata.occurredAt));
  return (
    recordedAt >= filter.recorded[0] &&
    recordedAt <= filter.recorded[1] &&
    occurredAt >= filter.occurred[0] &&
    occurredAt <= filter.occurred[1]
  );
}

/** The one way history routes show an event: upcast to the current schema (stored rows stay as they are). */
export function historyView(stored: RecordedEvent): EventView {
  const { event, from, to } = eventUpcasters.upcast(stored);
  return to === from ? toEventView(event) : { ...toEventView(event), upcast: { from, to } };
}

/** Events looked at per request when filtering, so one request costs a bounded amount whatever it matches. */
export const MAX_SCANNED = 10_000;
