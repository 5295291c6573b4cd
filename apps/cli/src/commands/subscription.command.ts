import { Command, SubCommand } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { printer } from '../output/printer';
import { formatTable } from '../output/table';
import type { ApiSchemas } from '@app/api-client';
import { ApiCommand, GroupCommand, integer, type Flag, type Options } from './api-command';

type NewSubscription = ApiSchemas['CreateSubscriptionDto'];
type DeliveryView = ApiSchemas['DeliveryResponse'];

const list = (value: string | boolean | undefined): string[] | undefined =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

const deliveryRow = (d: DeliveryView) => [
  d.id,
  d.kind,
  d.market,
  d.status,
  d.attempts,
  d.createdAt,
  d.deliveredAt ?? d.nextAttemptAt,
  d.lastStatus ?? d.lastError,
];
const DELIVERY_HEADERS = [
  'webhook-id',
  'kind',
  'market',
  'status',
  'attempts',
  'queued',
  'delivered/next',
  'last answer',
];

@SubCommand({
  name: 'add',
  arguments: '<url>',
  description: 'subscribe a webhook (POST /subscriptions); prints its signing secret, shown this once',
})
export class SubscriptionAddCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    {
      flags: '--kinds <list>',
      description:
        'comma-separated: status_changed,stale,batch_failed,deadline_revised,scope_revised,market_completed,projection_stopped',
      required: true,
    },
    { flags: '--program <programId>', description: "only this program's markets (default: every program)" },
    { flags: '--markets <list>', description: 'only these markets, e.g. IN,HK (default: every market)' },
    { flags: '--format <format>', description: 'json (default), slack or teams' },
  ];

  protected async execute([url]: string[], options: Options): Promise<void> {
    const client = this.client(options);
    // Field names are the document's; the values are the user's, checked by the server (its 400 names the field).
    const body: NewSubscription = {
      url,
      kinds: (list(options.kinds) ?? []) as NewSubscription['kinds'],
      ...(typeof options.program === 'string' ? { programId: options.program } : {}),
      ...(options.markets !== undefined ? { markets: list(options.markets) } : {}),
      ...(typeof options.format === 'string' ? { format: options.format as NewSubscription['format'] } : {}),
    };
    const answer = await client.ok(client.api.POST('/subscriptions', { body }));
    if (options.json) return printer.json(answer.body);
    printer.out(`subscription ${answer.body.id}`);
    printer.out(`secret ${answer.body.secret}`);
    printer.err('keep the secret now: it is not shown again (verify webhook-signature with it)');
  }
}

@SubCommand({ name: 'list', description: 'list the webhook subscriptions (GET /subscriptions)' })
export class SubscriptionListCommand extends ApiCommand {
  protected async execute(_args: string[], options: Options): Promise<void> {
    const client = this.client(options);
    const { body } = await client.ok(client.api.GET('/subscriptions'));
    if (options.json) return printer.json(body);
    printer.out(
      formatTable(
        ['id', 'url', 'kinds', 'program', 'markets', 'format', 'created'],
        body.subscriptions.map((s) => [
          s.id,
          s.url,
          s.kinds.join(','),
          s.programId ?? '*',
          s.markets?.join(',') ?? '*',
          s.format,
          s.createdAt,
        ]),
      ),
    );
  }
}

@SubCommand({
  name: 'remove',
  arguments: '<id>',
  description: 'remove a subscription (DELETE /subscriptions/:id)',
})
export class SubscriptionRemoveCommand extends ApiCommand {
  protected async execute([id]: string[], options: Options): Promise<void> {
    const client = this.client(options);
    const { body } = await client.ok(client.api.DELETE('/subscriptions/{id}', { params: { path: { id } } }));
    if (options.json) return printer.json(body);
    printer.out(`removed ${body.id} position ${body.position}`);
  }
}

@SubCommand({
  name: 'deliveries',
  arguments: '<id>',
  description: "a subscription's messages, newest first (GET /subscriptions/:id/deliveries)",
})
export class SubscriptionDeliveriesCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--limit <n>', description: 'at most this many (default 100, at most 1000)' },
  ];

  protected async execute([id]: string[], options: Options): Promise<void> {
    const limit = integer(options.limit, '--limit', 1);
    const client = this.client(options);
    const { body } = await client.ok(
      client.api.GET('/subscriptions/{id}/deliveries', { params: { path: { id }, query: { limit } } }),
    );
    if (options.json) return printer.json(body);
    printer.out(formatTable(DELIVERY_HEADERS, body.deliveries.map(deliveryRow)));
  }
}

@SubCommand({
  name: 'test',
  arguments: '<id>',
  description: 'send a signed test message now and print its outcome (POST /subscriptions/:id/test)',
})
export class SubscriptionTestCommand extends ApiCommand {
  protected async execute([id]: string[], options: Options): Promise<void> {
    const client = this.client(options);
    const { body } = await client.ok(
      client.api.POST('/subscriptions/{id}/test', { params: { path: { id } } }),
    );
    if (options.json) return printer.json(body);
    printer.out(formatTable(DELIVERY_HEADERS, [deliveryRow(body)]));
    if (body.status !== 'delivered')
      throw new CliError(`the test message was not delivered: ${body.lastError ?? body.status}`, EXIT.server);
  }
}

export const SUBSCRIPTION_SUBCOMMANDS = [
  SubscriptionAddCommand,
  SubscriptionListCommand,
  SubscriptionRemoveCommand,
  SubscriptionDeliveriesCommand,
  SubscriptionTestCommand,
];

@Command({
  name: 'subscription',
  description: 'webhook notifications: add, list, remove, deliveries, test (operator key)',
  subCommands: SUBSCRIPTION_SUBCOMMANDS,
})
export class SubscriptionCommand extends GroupCommand {}
