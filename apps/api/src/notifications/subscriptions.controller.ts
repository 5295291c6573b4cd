import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  SubscriptionNotFoundError,
  subscriptionDecider,
  subscriptionStreamId,
  type SubscriptionCommand,
} from '@app/domain';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorAnswers } from '../errors/api-errors.decorator';
import type { CommandContext } from '../write/command-context';
import { CommandCtx } from '../write/command-context.decorator';
import { StreamWriter } from '../write/stream-writer';
import { DeliveryWorker } from './delivery.worker';
import { NotificationStore } from './notification.store';
import { deliveryView, subscriptionView } from './notification.views';
import { Notifier } from './notifier.service';
import { CreateSubscriptionDto, DeliveriesQueryDto, SubscriptionParams } from './subscription.dto';
import {
  CreatedSubscriptionResponse,
  DeliveryListResponse,
  DeliveryResponse,
  RemovedSubscriptionResponse,
  SubscriptionListResponse,
} from './subscription.response';
import { WebhookSecrets } from './webhook-secrets';

const NOT_FOUND = { 404: 'No subscription with this id, or it was removed (`subscription_not_found`)' };

/**
 * Webhook subscriptions (operators): created and removed as events of their own stream, so they are audited
 * like every step; the notifier reads them back from the log. URLs may carry a receiver's token (chat
 * webhooks), so only operators list them.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('operator')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly writer: StreamWriter,
    private readonly store: NotificationStore,
    private readonly notifier: Notifier,
    private readonly secrets: WebhookSecrets,
    private readonly worker: DeliveryWorker,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe a webhook to notifications; the answer holds its signing secret, once',
  })
  @ApiCreatedResponse({ type: CreatedSubscriptionResponse })
  @ApiErrorAnswers([400, 401, 403, 413, 415, 429, 503])
  async create(
    @Body() body: CreateSubscriptionDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CreatedSubscriptionResponse> {
    const id = `sub_${randomUUID().replace(/-/g, '')}`;
    const command: SubscriptionCommand = {
      type: 'CreateSubscription',
      data: {
        subscriptionId: id,
        url: body.url,
        sealedUrl: this.secrets.seal(body.url),
        kinds: body.kinds,
        programId: body.programId,
        markets: body.markets,
        format: body.format ?? 'json',
      },
    };
    const written = await this.writer.execute(
      subscriptionStreamId(id),
      subscriptionDecider,
      command,
      context,
    );
    await this.notifier.refresh();
    return { id, secret: this.secrets.secretOf(id), position: written.position };
  }

  @Get()
  @ApiOperation({ summary: 'Active webhook subscriptions (never their secrets)' })
  @ApiOkResponse({ type: SubscriptionListResponse })
  @ApiErrorAnswers([401, 403, 429])
  async list(): Promise<SubscriptionListResponse> {
    await this.notifier.refresh();
    return { subscriptions: this.store.activeSubscriptions().map(subscriptionView) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a subscription; messages still queued for it are cancelled' })
  @ApiOkResponse({ type: RemovedSubscriptionResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429, 503], NOT_FOUND)
  async remove(
    @Param() { id }: SubscriptionParams,
    @CommandCtx() context: CommandContext,
  ): Promise<RemovedSubscriptionResponse> {
    const command: SubscriptionCommand = { type: 'RemoveSubscription', data: { subscriptionId: id } };
    const written = await this.writer.execute(
      subscriptionStreamId(id),
      subscriptionDecider,
      command,
      context,
    );
    await this.notifier.refresh();
    return { id, status: 'removed', position: written.position };
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A subscription's messages, newest first: status, attempts, last answer" })
  @ApiOkResponse({ type: DeliveryListResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429], NOT_FOUND)
  async deliveries(
    @Param() { id }: SubscriptionParams,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveryListResponse> {
    await this.notifier.refresh();
    if (this.store.subscription(id) === undefined) throw new SubscriptionNotFoundError(id);
    return { deliveries: this.store.deliveries(id, query.limit ?? 100).map(deliveryView) };
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a signed test message now; answers after the first attempt (or its timeout)',
  })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429], NOT_FOUND)
  async test(@Param() { id }: SubscriptionParams): Promise<DeliveryResponse> {
    await this.notifier.refresh();
    const subscription = this.store.subscription(id);
    if (subscription === undefined || subscription.removedAt !== null)
      throw new SubscriptionNotFoundError(id);
    const webhookId = this.notifier.queueTest(subscription);
    const delivery = await this.worker.firstOutcome(webhookId);
    if (delivery === undefined) throw new SubscriptionNotFoundError(id); // removed meanwhile
    return deliveryView(delivery);
  }
}
