import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, SUBSCRIPTION_FORMATS } from '@app/domain';
import { MARKET_STATUSES } from '../read/market-progress/market-progress.response';

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'];

/** `POST /subscriptions`: the only answer that holds the secret. */
export class CreatedSubscriptionResponse {
  @ApiProperty({ example: 'sub_0f8c1e5d2b7a4c39a1d6e4b2c8f0a7d3' })
  id!: string;
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Standard Webhooks signing secret; shown in this answer only',
  })
  secret!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'global log position of the SubscriptionCreated event',
  })
  position!: number;
}

export class SubscriptionResponse {
  @ApiProperty({ example: 'sub_0f8c1e5d2b7a4c39a1d6e4b2c8f0a7d3' })
  id!: string;
  @ApiProperty({ example: 'https://hooks.example.com/tracker' })
  url!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  kinds!: string[];
  @ApiProperty({ type: 'string', nullable: true, description: 'null: every program' })
  programId!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every market' })
  markets!: string[] | null;
  @ApiProperty({ enum: SUBSCRIPTION_FORMATS })
  format!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ example: 'ops-1', description: 'the API key that created it' })
  createdBy!: string;
}

export class SubscriptionListResponse {
  @ApiProperty({ type: [SubscriptionResponse] })
  subscriptions!: SubscriptionResponse[];
}

export class RemovedSubscriptionResponse {
  @ApiProperty({ example: 'sub_0f8c1e5d2b7a4c39a1d6e4b2c8f0a7d3' })
  id!: string;
  @ApiProperty({ enum: ['removed'] })
  status!: 'removed';
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'global log position of the SubscriptionRemoved event',
  })
  position!: number;
}

export class DeliveryResponse {
  @ApiProperty({
    example: 'msg_2Cq8l0w1d3Yx9QxYVQm2',
    description: 'the webhook-id header, the same on every attempt',
  })
  id!: string;
  @ApiProperty({ enum: [...NOTIFICATION_KINDS, 'test'] })
  kind!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: string;
  @ApiProperty({ type: 'string', nullable: true })
  programId!: string | null;
  @ApiProperty({ type: 'string', nullable: true })
  market!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;
  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  lastAttemptAt!: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'when pending: the next attempt',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  deliveredAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "the receiver's last HTTP status" })
  lastStatus!: number | null;
  @ApiProperty({ type: 'string', nullable: true })
  lastError!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the generic JSON payload' })
  payload!: Record<string, unknown>;
}

export class DeliveryListResponse {
  @ApiProperty({ type: [DeliveryResponse] })
  deliveries!: DeliveryResponse[];
}

/** How the copies of one notice fared: one message per subscription told. */
export class NoticeDeliveriesResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'subscriptions told (one message each)' })
  subscriptions!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  delivered!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'not answered with a 2xx yet (retrying included)',
  })
  pending!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of the pending: the last attempt failed' })
  retrying!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'given up or refused' })
  failed!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the subscription was removed first' })
  cancelled!: number;
}

export class LastNotificationResponse {
  @ApiProperty({ example: 'msg_2Cq8l0w1d3Yx9QxYVQm2' })
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: string;
  @ApiProperty({ example: 'Market IN of intl-2014 is now off track (was on track).' })
  summary!: string;
  @ApiProperty({
    type: 'string',
    enum: [...MARKET_STATUSES, null],
    nullable: true,
    description: "the market's status the notice told (`to` of status_changed, `status` of stale), else null",
  })
  marketStatus!: string | null;
  @ApiProperty({
    type: 'string',
    enum: [...MARKET_STATUSES, null],
    nullable: true,
    description: 'status_changed: the status before (`from`), else null',
  })
  previousStatus!: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: "when the tracker noticed, by its clock (the payload's timestamp)",
  })
  noticedAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'when it was queued (wall clock)' })
  createdAt!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'of the newest message about the market' })
  status!: string;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  deliveredAt!: string | null;
  @ApiProperty({ type: NoticeDeliveriesResponse })
  deliveries!: NoticeDeliveriesResponse;
}

export class MarketNotificationResponse {
  @ApiProperty({ example: 'IN' })
  market!: string;
  @ApiProperty({ type: LastNotificationResponse })
  lastNotification!: LastNotificationResponse;
}

export class ProgramNotificationsResponse {
  @ApiProperty({ example: 'intl-2014' })
  programId!: string;
  @ApiProperty({ type: [MarketNotificationResponse], description: 'markets told about at least once' })
  markets!: MarketNotificationResponse[];
}
