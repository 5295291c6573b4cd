import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@app/event-store';
import type { PoisonEvent, ProjectionRunner, ProjectionStatus } from '@app/projections';
import { loadConfig } from '../../config/app.config';
import { ProjectionActions } from './projection-actions';

const OPERATOR = { name: 'ops', role: 'operator' } as const;

/** What a replica's runner was asked to do, and the poison event it is stopped at (if any). */
class FakeRunner {
  calls: string[] = [];
  poison: PoisonEvent | undefined;

  async rebuild(name: string): Promise<void> {
    this.calls.push(`rebuild ${name}`);
  }

  async retry(name: string): Promise<boolean> {
    this.calls.push(`retry ${name}`);
    return true;
  }

  async skip(name: string): Promise<PoisonEvent[]> {
    if (!this.poison) throw new Error(`${name} is not stopped`);
    const skipped = [this.poison];
    this.calls.push(`skip ${name} at ${this.poison.position}`);
    this.poison = undefined;
    return skipped;
  }

  status(): ProjectionStatus[] {
    return [{ name: 'market-progress', poison: this.poison } as ProjectionStatus];
  }
}

const poisonAt = (position: bigint): PoisonEvent => ({
  generation: 1,
  position,
  streamId: 'market-p-IN',
  type: 'BatchCopied',
  error: 'boom',
});

describe('projection actions shared by replicas', () => {
  const root = mkdtempSync(join(tmpdir(), 'projection-actions-'));
  const replicas: ProjectionActions[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.onModuleDestroy()));
    rmSync(root, { recursive: true, force: true });
  });

  /** A replica on the shared data dir (or `dataDir`) with read models of its own, over the store `storeId`. */
  async function replica(
    name: string,
    storeId = 'one',
    dataDir = join(root, 'shared'),
  ): Promise<{ actions: ProjectionActions; runner: FakeRunner }> {
    const runner = new FakeRunner();
    const config = loadConfig({ DATA_DIR: dataDir, READ_MODEL_DIR: join(root, name) });
    const events = { storeId: async () => storeId } as unknown as EventStore;
    const actions = new ProjectionActions(
      runner as unknown as ProjectionRunner,
      config,
      () => new Date(),
      events,
    );
    await actions.onApplicationBootstrap();
    replicas.push(actions);
    return { actions, runner };
  }

  it('carries out on every replica, once, an action taken on one', async () => {
    const a = await replica('a');
    const b = await replica('b');
    await a.actions.rebuild('market-progress', OPERATOR);
    await a.actions.retry('market-progress', OPERATOR);
    await Promise.all([a.actions.follow(), b.actions.follow(), b.actions.follow()]);
    expect(a.runner.calls).toEqual(['rebuild market-progress', 'retry market-progress']);
    expect(b.runner.calls).toEqual(['rebuild market-progress', 'retry market-progress']);
  });

  it('skips on another replica only the poison event skipped on the first', async () => {
    const a = await replica('c');
    const b = await replica('d');
    const c = await replica('e');
    a.runner.poison = poisonAt(42n);
    b.runner.poison = poisonAt(42n);
    c.runner.poison = poisonAt(7n); // stopped somewhere else: not this skip's business
    await a.actions.skip('market-progress', OPERATOR);
    await Promise.all([b.actions.follow(), c.actions.follow()]);
    expect(a.runner.calls).toEqual(['skip market-progress at 42']);
    expect(b.runner.calls).toEqual(['skip market-progress at 42']);
    expect(c.runner.calls).toEqual([]);
    expect(c.runner.poison?.position).toBe(7n);
  });

  it('skips the event on a replica that reaches it after the skip, until a rebuild starts over', async () => {
    const a = await replica('behind-a');
    const b = await replica('behind-b');
    const projection = 'timeline';
    const status = (runner: FakeRunner) => [{ name: projection, poison: runner.poison } as ProjectionStatus];
    a.runner.status = () => status(a.runner);
    b.runner.status = () => status(b.runner);
    a.runner.poison = poisonAt(90n);
    await a.actions.skip(projection, OPERATOR);
    await b.actions.follow(); // b was behind: not stopped there yet, nothing to skip
    expect(b.runner.calls).toEqual([]);

    b.runner.poison = poisonAt(91n); // another event: not skipped by anyone
    await b.actions.follow();
    expect(b.runner.calls).toEqual([]);
    b.runner.poison = poisonAt(90n); // it reaches the skipped event
    await b.actions.follow();
    expect(b.runner.calls).toEqual([`skip ${projection} at 90`]);
    expect(b.runner.poison).toBeUndefined();

    await a.actions.rebuild(projection, OPERATOR);
    await b.actions.follow();
    b.runner.calls = [];
    b.runner.poison = poisonAt(90n); // after the rebuild the operator decides again
    await b.actions.follow();
    expect(b.runner.calls).toEqual([]);
    expect(b.runner.poison?.position).toBe(90n);
  });

  it('records nothing when the action fails where it was taken', async () => {
    const a = await replica('f');
    const b = await replica('g');
    await expect(a.actions.skip('market-progress', OPERATOR)).rejects.toThrow(/not stopped/);
    b.runner.poison = poisonAt(3n);
    await b.actions.follow();
    expect(b.runner.calls).toEqual([]);
  });

  it('starts a new replica after the actions taken so far, and an old one where it stopped', async () => {
    const a = await replica('h');
    await a.actions.rebuild('market-progress', OPERATOR);
    const fresh = await replica('i');
    await fresh.actions.follow();
    expect(fresh.runner.calls).toEqual([]);

    await fresh.actions.onModuleDestroy();
    await a.actions.rebuild('programs', OPERATOR);
    const restarted = await replica('i');
    await restarted.actions.follow();
    expect(restarted.runner.calls).toEqual(['rebuild programs']);
  });

  it('drops the actions taken over another event store', async () => {
    const dir = join(root, 'recreated-store');
    let replicasStarted = 0;
    const start = (storeId: string) => replica(`recreated-${replicasStarted++}`, storeId, dir);
    const old = await start('old');
    old.runner.poison = poisonAt(5n);
    await old.actions.skip('market-progress', OPERATOR);
    const same = await start('old');
    same.runner.poison = poisonAt(5n);
    await same.actions.follow();
    expect(same.runner.calls).toEqual(['skip market-progress at 5']); // same store: the skip stands

    const recreated = await start('new'); // position 5 of the new store is another event
    recreated.runner.poison = poisonAt(5n);
    await recreated.actions.follow();
    expect(recreated.runner.calls).toEqual([]);
    expect(recreated.runner.poison?.position).toBe(5n);
  });
});
