import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import type { Figure } from '../support/figures';
import { durabilityLabel, type BenchOptions, type Durability } from '../support/options';
import { batchVerifiedEvents, marketStream, MARKETS, payloadSizes } from '../support/payloads';
import { eventsTableSql, RawEventTable } from '../support/raw-sqlite';
import { alternate, type Comparison } from '../support/rounds';
import { perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';

/**
 * SqliteEventStore.append against plain better-sqlite3 inserts of the same rows (same table, same pragmas, one
 * transaction per append), each run on a fresh temp file, baseline and candidate alternating.
 */

interface Budget {
  rounds: number;
  warmupMs: number;
  measureMs: number;
}

interface RunSample {
  value: number;
  events: number;
  commits: number;
  appends: number;
  mode: string;
}

interface Scenario {
  name: string;
  eventsPerAppend: number;
  /** Concurrent appenders through the store, one stream each (the raw baseline is always sequential). */
  appenders: number;
  target?: number;
}

const SCENARIOS: Scenario[] = [
  { name: '1 event/append, sequential', eventsPerAppend: 1, appenders: 1, target: 0.5 },
  { name: '100 events/append, sequential', eventsPerAppend: 100, appenders: 1, target: 0.7 },
  { name: '16 concurrent appenders x 1 event vs raw sequential', eventsPerAppend: 1, appenders: 16 },
];

const FULL_BUDGET: Budget = { rounds: 3, warmupMs: 500, measureMs: 2500 };
const QUICK_BUDGET: Budget = { rounds: 3, warmupMs: 100, measureMs: 400 };

async function runRaw(durability: Durability, eventsPerAppend: number, budget: Budget): Promise<RunSample> {
  const dir = makeTempDir('raw');
  try {
    const table = new RawEventTable(join(dir, 'events.sqlite'), durability);
    const stream = marketStream('IN');
    let revision = 0;
    const loop = (ms: number): number => {
      let commits = 0;
      for (const start = now(); now() - start < ms; commits++) {
        table.append(stream, revision, batchVerifiedEvents('IN', revision, eventsPerAppend));
        revision += eventsPerAppend;
      }
      return commits;
    };
    loop(budget.warmupMs);
    const start = now();
    const commits = loop(budget.measureMs);
    const elapsed = now() - start;
    const mode = table.mode();
    table.close();
    const events = commits * eventsPerAppend;
    return { value: perSecond(events, elapsed), events, commits, appends: commits, mode };
  } finally {
    removeTempDir(dir);
  }
}

async function runStore(durability: Durability, scenario: Scenario, budget: Budget): Promise<RunSample> {
  const dir = makeTempDir('store');
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), durability });
  try {
    const heads = new Array<number>(scenario.appenders).fill(-1);
    const appender = async (index: number, until: number): Promise<number> => {
      const market = MARKETS[index];
      let events = 0;
      while (now() < until) {
        const head = heads[index];
        const batch = batchVerifiedEvents(market, head + 1, scenario.eventsPerAppend);
        const expectedRevision = head < 0 ? 'no_stream' : BigInt(head);
        const result = await store.append(marketStream(market), batch, { expectedRevision });
        heads[index] = Number(result.nextRevision);
        events += batch.length;
      }
      return events;
    };
    const runAll = async (ms: number): Promise<number> => {
      const until = now() + ms;
      const counts = await Promise.all(heads.map((_, index) => appender(index, until)));
      return counts.reduce((sum, count) => sum + count, 0);
    };
    await runAll(budget.warmupMs);
    const before = store.stats();
    const start = now();
    const events = await runAll(budget.measureMs);
    const elapsed = now() - start;
    const after = store.stats();
    const settings = store.settings();
    return {
      value: perSecond(events, elapsed),
      events,
      commits: after.commits - before.commits,
      appends: after.appends - before.appends,
      mode: `${settings.journalMode}/${settings.synchronous.toUpperCase()}`,
    };
  } finally {
    await store.close();
    removeTempDir(dir);
  }
}

/** The baseline is only fair if it writes the store's table: compare the two files' definitions. */
async function checkLayout(durability: Durability): Promise<string> {
  const dir = makeTempDir('layout');
  try {
    const store = new SqliteEventStore({ filename: join(dir, 'store.sqlite'), durability });
    await store.close();
    new RawEventTable(join(dir, 'raw.sqlite'), durability).close();
    const same = eventsTableSql(join(dir, 'store.sqlite')) === eventsTableSql(join(dir, 'raw.sqlite'));
    return same
      ? 'same events table as SqliteEventStore (checked)'
      : 'WARNING: events table differs from the store';
  } finally {
    removeTempDir(dir);
  }
}

const describe = (sample: RunSample, label: string): string =>
  `${label} ${formatNumber(sample.value)} events/s (${sample.mode}, ${formatCount(sample.commits)} commits, ` +
  `${(sample.appends / Math.max(1, sample.commits)).toFixed(1)} appends/commit)`;

export async function storeAppendBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK_BUDGET : FULL_BUDGET;
  const durability = durabilityLabel(options.durability);
  const sizes = payloadSizes();
  console.log(`\n== store-append: SqliteEventStore.append vs raw better-sqlite3 (${durability})`);
  console.log(
    `   payload: data ${sizes.data} B + metadata ${sizes.metadata} B per event; ${await checkLayout(options.durability)}`,
  );
  console.log(
    `   ${budget.rounds} rounds, ${budget.warmupMs} ms warm-up + ${budget.measureMs} ms per run, fresh file per run`,
  );
  const figures: Figure[] = [];
  for (const scenario of SCENARIOS) {
    console.log(` - ${scenario.name}`);
    const comparison: Comparison<RunSample, RunSample> = await alternate(
      budget.rounds,
      () => runRaw(options.durability, scenario.eventsPerAppend, budget),
      () => runStore(options.durability, scenario, budget),
      (round, raw, store) =>
        console.log(`   round ${round + 1}: ${describe(raw, 'raw')} | ${describe(store, 'store')}`),
    );
    figures.push({
      part: 'store-append',
      name: scenario.name,
      durability,
      unit: 'events/s',
      baseline: comparison.medianBaseline,
      candidate: comparison.medianCandidate,
      ratio: comparison.ratio,
      target: scenario.target,
    });
  }
  return figures;
}
