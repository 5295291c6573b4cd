import { ApiProperty, ApiPropertyOptional, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const count = { type: 'integer', minimum: 0 } as const;
/** `null` in OpenAPI 3.0, which has no null type: a nullable type whose only value is null. */
const NULL: SchemaObject = { type: 'object', nullable: true, enum: [null] };
/** Any JSON value, null included. */
const ANY_JSON = {
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
    NULL,
  ],
} as SchemaObject as ApiPropertyOptions;
/** An object of `model`'s schema, or null. */
const orNull = (model: abstract new () => object): ApiPropertyOptions =>
  ({ oneOf: [{ $ref: getSchemaPath(model) }, NULL] }) as SchemaObject as ApiPropertyOptions;
const nullableCount = { type: 'integer', minimum: 0, nullable: true } as const;
const BREAK_KINDS = [
  'unreadable_event',
  'position_not_increasing',
  'revision_gap',
  'revision_out_of_order',
  'prev_hash_mismatch',
  'hash_mismatch',
  'checkpoint_malformed',
  'checkpoint_unknown_key',
  'checkpoint_bad_signature',
  'checkpoint_not_extending',
  'checkpoint_head_mismatch',
  'checkpoint_stream_unlisted',
  'checkpoint_root_mismatch',
  'checkpoint_inconsistent',
  'checkpoint_beyond_log',
  'unsigned_tail',
  'no_trusted_checkpoint',
  'key_rotation_invalid',
  'anchor_missing',
];

/** One place where the record differs from what it must be (libs/audit AuditBreak). */
export class AuditBreakResponse {
  @ApiProperty({ enum: BREAK_KINDS })
  kind!: string;
  @ApiProperty({ example: 'market-intl-2014-IN' })
  stream!: string;
  @ApiProperty({ ...nullableCount, description: 'the revision at fault (for a gap: the missing one)' })
  revision!: number | null;
  @ApiProperty({ ...nullableCount, description: 'global position of the event at fault, when there is one' })
  position!: number | null;
  @ApiProperty({ description: 'what the record should hold (any JSON value)', ...ANY_JSON })
  expected!: unknown;
  @ApiProperty({ description: 'what it holds (any JSON value)', ...ANY_JSON })
  actual!: unknown;
  @ApiProperty()
  message!: string;
}

export class CheckpointSummaryResponse {
  @ApiProperty(count)
  sequence!: number;
  @ApiProperty({
    ...count,
    description: 'schema 1: every event up to here is covered; schema 2: the last leaf',
  })
  globalPosition!: number;
  @ApiPropertyOptional(count)
  treeSize?: number;
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{64}$' })
  rootHash?: string;
  @ApiProperty({ ...count, description: "the checkpoint event's revision in the audit stream" })
  revision!: number;
  @ApiProperty({ ...count, description: "the checkpoint event's position" })
  position!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "the checkpoint event's hash (an anchor to keep)" })
  hash!: string;
  @ApiProperty()
  keyId!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  signedAt!: string;
}

export class CoveredTreeResponse {
  @ApiProperty({ ...count, description: 'size of the latest signed tree head checked (0: none)' })
  treeSize!: number;
  @ApiProperty({ type: 'string', nullable: true, pattern: '^[0-9a-f]{64}$' })
  rootHash!: string | null;
}

export class CheckpointCountsResponse {
  @ApiProperty(count)
  count!: number;
  @ApiProperty(count)
  valid!: number;
  @ApiProperty({
    description: 'the latest valid checkpoint; null: none',
    ...orNull(CheckpointSummaryResponse),
  })
  latest!: CheckpointSummaryResponse | null;
}

/** `GET /audit/verify` (application/json). */
export class VerificationReportResponse {
  @ApiProperty()
  ok!: boolean;
  @ApiProperty({ type: CoveredTreeResponse })
  covered!: CoveredTreeResponse;
  @ApiProperty(count)
  events!: number;
  @ApiProperty(count)
  streams!: number;
  @ApiProperty(count)
  lastPosition!: number;
  @ApiProperty({ type: CheckpointCountsResponse })
  checkpoints!: CheckpointCountsResponse;
  @ApiProperty({ type: [String], description: 'key ids whose signatures were accepted' })
  keys!: string[];
  @ApiProperty({ description: 'the first break in log order; null: none', ...orNull(AuditBreakResponse) })
  firstBreak!: AuditBreakResponse | null;
  @ApiProperty({ type: [AuditBreakResponse], description: 'the first breaks (at most 20), in log order' })
  breaks!: AuditBreakResponse[];
}

/** A line of the NDJSON answer: where the verification is. */
export class VerifyProgressLineResponse {
  @ApiProperty({ enum: ['progress'] })
  type!: 'progress';
  @ApiProperty({
    enum: ['signing', 'checkpoints', 'events', 'roots'],
    description:
      'signing: the checkpoint fixing what is verified; checkpoints: reading them; events: reading the log; roots: checking the signed roots',
  })
  phase!: string;
  @ApiProperty({ ...count, description: 'events of the log read so far' })
  events!: number;
  @ApiProperty({
    ...nullableCount,
    description:
      'events the latest signed tree head covers (the log holds about one more); null: not known yet',
  })
  total!: number | null;
}

/** The last line when the verification ends: the report of the JSON answer, with `type`. */
export class VerifyReportLineResponse extends VerificationReportResponse {
  @ApiProperty({ enum: ['report'] })
  type!: 'report';
}

/** The last line when the verification failed after the answer began (the status it would have had). */
export class VerifyErrorLineResponse {
  @ApiProperty({ enum: ['error'] })
  type!: 'error';
  @ApiProperty({ type: 'integer', example: 503 })
  status!: number;
  @ApiProperty({ example: 'store_unavailable' })
  error!: string;
  @ApiProperty()
  message!: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export const VERIFY_LINE_MODELS = [
  VerifyProgressLineResponse,
  VerifyReportLineResponse,
  VerifyErrorLineResponse,
];

/** Each line of the NDJSON answer is one of these (discriminated by `type`). */
export const VERIFY_STREAM_LINE_SCHEMA = {
  oneOf: VERIFY_LINE_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'type',
    mapping: {
      progress: getSchemaPath(VerifyProgressLineResponse),
      report: getSchemaPath(VerifyReportLineResponse),
      error: getSchemaPath(VerifyErrorLineResponse),
    },
  },
};
