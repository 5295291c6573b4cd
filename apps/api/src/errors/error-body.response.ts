import { ApiProperty } from '@nestjs/swagger';

/** The one error answer of the API, as the exception filter writes it (see error-body.ts). */
export class ErrorBodyResponse {
  @ApiProperty({
    example: 'validation_failed',
    description:
      'Stable, machine-readable code. Each response lists the codes it may carry; the domain adds its own rule ' +
      'codes on 409 (e.g. `scope_exceeded`, `market_paused`, `cutover_before_all_verified`).',
  })
  error!: string;

  @ApiProperty({ example: 'Invalid input. usersInScope: usersInScope must be a positive whole number' })
  message!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      fields: [{ field: 'usersInScope', problems: ['usersInScope must be a positive whole number'] }],
    },
    description:
      'Facts about the error: `fields` (each field at fault and its problems) on `validation_failed`, ' +
      '`retryAfterSeconds` on 429 and busy 503s, the stream and revisions on `revision_conflict`.',
  })
  details!: Record<string, unknown>;
}
