import type { EventStore } from '../event-store.port';
import { describeAppendContract } from './append.contract';
import type { ContractContext } from './contract-helpers';
import { describeOutcomeContract } from './outcome.contract';
import { describeReadContract } from './read.contract';
import { describeRestartContract, type KillWriterMidStream } from './restart.contract';
import { describeSubscriptionContract } from './subscription.contract';

export type { AcknowledgedEvent } from './contract-helpers';
export type { KillWriterMidStream } from './restart.contract';

export interface EventStoreContractFactory {
  /** Connects to the suite's backend. Every call reaches the same data: a restart is close() then open(). */
  open(): Promise<EventStore>;
  /** Optional: the SIGKILL test, for adapters whose writer can die on its own (the embedded store). */
  killWriterMidStream?: KillWriterMidStream;
}

/**
 * The behaviour every EventStore adapter owes the port, as Jest suites. Stream names are unique per test, so it
 * also runs against a shared EventStoreDB that holds other data.
 */
export function describeEventStoreContract(name: string, factory: EventStoreContractFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let opened: EventStore[] = [];
    const context: ContractContext = {
      store: () => opened[opened.length - 1],
      restart: async () => {
        await context.store().close();
        opened.push(await factory.open());
        return context.store();
      },
    };

    beforeEach(async () => {
      opened = [await factory.open()];
    });

    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    describeAppendContract(context);
    describeReadContract(context);
    describeSubscriptionContract(context);
    describeOutcomeContract(context);
    describeRestartContract(context, factory.killWriterMidStream);
  });
}
