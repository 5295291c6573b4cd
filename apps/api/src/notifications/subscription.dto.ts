import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  NOTIFICATION_KINDS,
  SUBSCRIPTION_FORMATS,
  type NotificationKind,
  type SubscriptionFormat,
} from '@app/domain';
import { MARKET_CODE, PROGRAM_ID } from '../commands/shared/identifiers';

export const SUBSCRIPTION_ID = /^sub_[a-f0-9]{32}$/;

export class CreateSubscriptionDto {
  @ApiProperty({
    example: 'https://hooks.example.com/tracker',
    description: 'http or https; no credentials in it',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an absolute http or https URL' },
  )
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, example: ['status_changed', 'stale'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsIn(NOTIFICATION_KINDS, {
    each: true,
    message: `each of kinds must be one of ${NOTIFICATION_KINDS.join(', ')}`,
  })
  kinds!: NotificationKind[];

  @ApiPropertyOptional({
    example: 'intl-2014',
    description: "only this program's markets (default: every program)",
  })
  @IsOptional()
  @IsString()
  @Matches(PROGRAM_ID, { message: 'programId must be 1-64 lower-case letters, digits or dashes' })
  programId?: string;

  @ApiPropertyOptional({ example: ['IN', 'HK'], description: 'only these markets (default: every market)' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(250)
  @Matches(MARKET_CODE, {
    each: true,
    message: 'each of markets must be a two-letter upper-case market code',
  })
  markets?: string[];

  @ApiPropertyOptional({
    enum: SUBSCRIPTION_FORMATS,
    default: 'json',
    description: 'body sent: JSON or a chat message',
  })
  @IsOptional()
  @IsIn(SUBSCRIPTION_FORMATS, { message: `format must be one of ${SUBSCRIPTION_FORMATS.join(', ')}` })
  format?: SubscriptionFormat;
}

export class SubscriptionParams {
  @ApiProperty({ example: 'sub_0f8c1e5d2b7a4c39a1d6e4b2c8f0a7d3' })
  @Matches(SUBSCRIPTION_ID, {
    message: 'id must be a subscription id such as sub_0f8c1e5d2b7a4c39a1d6e4b2c8f0a7d3',
  })
  id!: string;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 1000' })
  @Min(1, { message: 'limit must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: number;
}
