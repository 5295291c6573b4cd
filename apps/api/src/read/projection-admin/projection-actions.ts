import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, storeIdentity, type EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import type { Principal } from '../../auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { CLOCK, type Clock } from '../../shared/clock';
import { KeyedMutex } from '../../shared/keyed-mutex';
import {
  PROJECTION_ACTIONS_FILENAME,
  ProjectionActionsStore,
  type ProjectionAction,
  type ProjectionActionKind,
} from './projection-actions.store';

/** How often a replica looks for actions taken on the others (one indexed read). */
export const PROJECTION_ACTIONS_POLL_MS = 500;
/** Where this replica notes the last action it carried out: with its read models, which the actions changed. */
const APPLIED_FILENAME = 'projection-actions.applied.json';

/**
 * Rebuild, retry and skip on every replica: the replica that receives an action carries it out, then records
 * it in the shared ProjectionActionsStore; every replica follows that record and carries out the actions
 * taken elsewhere, in order. A skip names the poison events' positions: a replica skips only when it is
 * stopped at one of them (the same code on the same log stops at the same events), and otherwise lets it
 * pass; when it later stops at such an event (it was behind, or it is new), it skips it then, as long as no
 * rebuild of that projection was recorded since. A replica with new read models starts after the actions taken
 * so far: it builds from the log anyway.
 */
@Injectable()
export class ProjectionActions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ProjectionActions');
  private readonly mutex = new KeyedMutex();
  private readonly store: ProjectionActionsStore;
  private readonly appliedFile: string;
  /** The last recorded action this replica carried out (or passed over). */
  private applied = 0;
  /** Actions recorded by this replica after carrying them out: not to be carried out again. */
  private readonly doneHere = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {
    this.store = new ProjectionActionsStore(join(config.dataDir, PROJECTION_ACTIONS_FILENAME));
    mkdirSync(config.readModelDir, { recursive: true, mode: 0o700 });
    this.appliedFile = join(config.readModelDir, APPLIED_FILENAME);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.store.bindToStore(await storeIdentity(this.events)) === 'cleared') {
      this.logger.warn('projection actions recorded over another event store were dropped');
    }
    this.applied = this.readApplied() ?? this.store.lastSeq();
    this.saveApplied();
    this.timer = setInterval(() => {
      this.following ??= this.follow().finally(() => (this.following = undefined));
    }, PROJECTION_ACTIONS_POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.following;
    await this.mutex.run('actions', async () => this.store.close());
  }

  rebuild(name: string, principal: Principal | undefined): Promise<void> {
    return this.take('rebuild', name, principal, async () => {
      await this.runner.rebuild(name);
      return [];
    });
  }

  retry(name: string, principal: Principal | undefined): Promise<void> {
    return this.take('retry', name, principal, async () => {
      await this.runner.retry(name);
      return [];
    });
  }

  skip(name: string, principal: Principal | undefined): Promise<void> {
    return this.take('skip', name, principal, async () =>
      (await this.runner.skip(name)).map((poison) => String(poison.position)),
    );
  }

  /** Carries the action out here (an error answers the request and records nothing), then records it. */
  private take(
    action: ProjectionActionKind,
    projection: string,
    principal: Principal | undefined,
    carryOut: () => Promise<string[]>,
  ): Promise<void> {
    return this.mutex.run('actions', async () => {
      await this.applyRecorded(); // the actions taken elsewhere before this one come first
      const positions = await carryOut();
      const seq = this.store.record({
        projection,
        action,
        positions,
        requestedBy: principal?.name ?? 'unknown',
        requestedAt: this.clock().toISOString(),
      });
      this.doneHere.add(seq);
      await this.applyRecorded();
    });
  }

  /** Carries out the actions recorded since the last one seen (the timer calls it every poll). */
  follow(): Promise<void> {
    return this.mutex
      .run('actions', () => this.applyRecorded())
      .catch((error: unknown) => {
        this.logger.error(`following projection actions: ${error instanceof Error ? error.message : error}`);
      });
  }

  private async applyRecorded(): Promise<void> {
    for (;;) {
      const actions = this.store.since(this.applied);
      if (actions.length === 0) break;
      for (const action of actions) {
        if (!this.doneHere.delete(action.seq)) await this.carryOut(action);
        this.applied = action.seq;
      }
      this.saveApplied();
    }
    await this.skipStanding();
  }

  /** Skips a poison event this replica reached after an operator skipped it elsewhere (see skipStands). */
  private async skipStanding(): Promise<void> {
    for (const { name, poison } of this.runner.status()) {
      if (!poison || !this.store.skipStands(name, String(poison.position))) continue;
      try {
        await this.runner.skip(name);
        this.logger.log(`skipped event ${poison.position} in ${name}, as an operator did on another replica`);
      } catch (error) {
        this.logger.warn(
          `skip of ${name} at ${poison.position} not carried out: ${error instanceof Error ? error.message : error}`,
        );
      }
    }
  }

  private async carryOut(action: ProjectionAction): Promise<void> {
    const { projection, requestedBy } = action;
    try {
      if (action.action === 'rebuild') await this.runner.rebuild(projection);
      else if (action.action === 'retry') await this.runner.retry(projection);
      else {
        const poison = this.runner.status().find((status) => status.name === projection)?.poison;
        if (!poison || !action.positions.includes(String(poison.position))) return;
        await this.runner.skip(projection);
      }
      this.logger.log(`${action.action} of ${projection}, taken by ${requestedBy} on another replica`);
    } catch (error) {
      // A projection this build does not have, say: the others' actions never stop this replica.
      this.logger.warn(
        `${action.action} of ${projection} (action ${action.seq}) not carried out: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  private readApplied(): number | undefined {
    if (!existsSync(this.appliedFile)) return undefined;
    const { seq } = JSON.parse(readFileSync(this.appliedFile, 'utf8')) as { seq?: unknown };
    return typeof seq === 'number' ? seq : undefined;
  }

  private saveApplied(): void {
    const temp = `${this.appliedFile}.tmp`;
    writeFileSync(temp, JSON.stringify({ seq: this.applied }), { mode: 0o600 });
    renameSync(temp, this.appliedFile);
  }
}
