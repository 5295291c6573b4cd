import type { MarketCommand } from '@app/domain';
import type { CommandContext } from '../../write/command-context';

/**
 * A step of one market's migration on the CommandBus: which market, the domain command, and who asks. Each
 * use case has its own subclass next to its controller, and a handler of its own beside it.
 */
export abstract class MarketStepCommand<C extends MarketCommand> {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly command: C,
    readonly context: CommandContext,
  ) {}
}
