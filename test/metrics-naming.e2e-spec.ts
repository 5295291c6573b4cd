import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * `/metrics` follows Prometheus' naming conventions (https://prometheus.io/docs/practices/naming/): counters
 * end in `_total`, ratios are 0-1 and named `_ratio`, units are base units named as suffixes, the standard
 * process and Node.js metrics keep their standard names, no series is a constant, and label values are
 * bounded (a route pattern, never a URL or a hashed file name). Checked on a real server's answer, parsed
 * here, and by Prometheus' own `promtool check metrics` when it is installed.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  help?: string;
  type?: string;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || LABEL.lastIndex === at) throw new Error(`bad labels in: ${line}`);
    labels[match[1]] = match[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** The family a sample belongs to: its own name, or a histogram's/summary's name without the suffix. */
function familyOf(families: Map<string, Family>, sample: string): Family | undefined {
  if (families.has(sample)) return families.get(sample);
  const base = sample.replace(/_(bucket|sum|count)$/, '');
  return families.get(base);
}

function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') family(meta[2]).help = meta[3];
      else family(meta[2]).type = meta[3];
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const sample = { name: match[1], labels: parseLabels(match[2] ?? '', line), value: parseValue(match[3]) };
    (familyOf(families, sample.name) ?? family(sample.name)).samples.push(sample);
  }
  return families;
}

const OUR_PREFIX = 'tracker_';
/** The families prom-client's default collectors export: standard names, no prefix of ours. */
const STANDARD = /^(process|nodejs)_/;
/** Units that are not base units, or words that say a value is not a base unit (Prometheus uses seconds and bytes). */
const NON_BASE_UNIT =
  /_(ms|millis|milliseconds|microseconds|us|ns|nanoseconds|minutes|hours|days|kb|kilobytes|mb|megabytes|gb|percent|pct)(_|$)/;

/**
 * prom-client's default collectors export these three gauges with `_total` (the number of handles, requests,
 * resources active now). They keep those names: they are what stock Node.js dashboards query, which is why
 * the defaults are unprefixed. The only breaks of the rules allowed, here and in promtool's answer.
 */
const STANDARD_EXCEPTIONS = new Set([
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]);

function promtool(): string | undefined {
  const found = spawnSync('which', ['promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The naming rules, one message per break; empty when the exposition follows them. */
function namingProblems(families: Map<string, Family>): string[] {
  const problems: string[] = [];
  for (const f of families.values()) {
    if (!f.type) problems.push(`${f.name}: no # TYPE`);
    if (!f.help) problems.push(`${f.name}: no # HELP`);
    if (!f.name.startsWith(OUR_PREFIX) && !STANDARD.test(f.name))
      problems.push(`${f.name}: neither ours (${OUR_PREFIX}) nor a standard process/Node.js metric`);
    if (f.name.startsWith(`${OUR_PREFIX}process_`) || f.name.startsWith(`${OUR_PREFIX}nodejs_`))
      problems.push(`${f.name}: a standard metric under our prefix`);
    if (f.type === 'counter' && !f.name.endsWith('_total'))
      problems.push(`${f.name}: a counter without _total`);
    if (f.type !== 'counter' && f.name.endsWith('_total') && !STANDARD_EXCEPTIONS.has(f.name))
      problems.push(`${f.name}: _total on a ${f.type ?? 'untyped'} (only counters end in _total)`);
    if (NON_BASE_UNIT.test(f.name))
      problems.push(`${f.name}: not a base unit (use _seconds, _bytes, _ratio)`);
    if (f.name.endsWith('_ratio'))
      for (const s of f.samples)
        if (!(s.value >= 0 && s.value <= 1)) problems.push(`${f.name}: ratio ${s.value} outside 0-1`);
    if (f.type === 'histogram') {
      for (const s of f.samples)
        if (![`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`].includes(s.name))
          problems.push(`${s.name}: not a series of histogram ${f.name}`);
    } else {
      for (const s of f.samples)
        if (s.name !== f.name) problems.push(`${s.name}: outside its family ${f.name}`);
    }
    // A series that is always 1 whatever happens says nothing (an "info" metric would be named _info).
    if (f.name.startsWith(OUR_PREFIX) && f.type === 'gauge' && !f.name.endsWith('_info'))
      for (const s of f.samples)
        if (Object.keys(s.labels).length === 0 && s.value === 1 && /always/i.test(f.help ?? ''))
          problems.push(`${f.name}: a constant series`);
  }
  return problems;
}

/** Every value of a label, across all our families. */
const labelValues = (families: Map<string, Family>, label: string): Set<string> =>
  new Set(
    [...families.values()]
      .filter((f) => f.name.startsWith(OUR_PREFIX))
      .flatMap((f) => f.samples.map((s) => s.labels[label]))
      .filter((v): v is string => v !== undefined),
  );

describe('/metrics by Prometheus conventions', () => {
  let server: TestServer;
  let text: string;
  let families: Map<string, Family>;
  const P = '/programs/metrics';

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('metrics', { deadline: '2099-12-31T23:59:59Z' }));
    await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    await expectPost(server, `${P}/markets`, { market: 'SG', targetRegion: 'singapore', usersInScope: 2000 });
    await expectPost(server, `${P}/markets/IN/start`);
    await expectPost(server, `${P}/markets/IN/batches/b1/copied`, { users: 250 });
    const last = await expectPost(server, `${P}/markets/IN/batches/b1/verified`, {});
    await server.get(`${P}/progress?minPosition=${last.position}`, { key: 'viewer' });
    // Files the server serves as they are, and paths nobody routes: each must not become a label value.
    const page = await server.get('/', { key: null });
    for (const asset of page.text.match(/\/assets\/[^"']+/g) ?? []) await server.get(asset, { key: null });
    await server.get('/assets/index-deadbeef.js', { key: null });
    await server.get('/no-such-page-a1b2c3', { key: null });
    await server.get('/docs', { key: null });
    const scrape = await server.get('/metrics', { key: null });
    expect(scrape.status).toBe(200);
    text = scrape.text;
    families = parsePrometheusText(text);
  });

  afterAll(() => server.stop());

  it('follows the naming rules: _total counters only, base units, typed and described families', () => {
    expect(namingProblems(families)).toEqual([]);
  });

  it('names counters of events since start _total, as counters', () => {
    for (const name of [
      'tracker_projection_events_applied_total',
      'tracker_projection_poison_events_total',
    ]) {
      expect(families.get(name)?.type).toBe('counter');
    }
    const applied = families.get('tracker_projection_events_applied_total')?.samples ?? [];
    expect(applied.find((s) => s.labels.projection === 'market-progress')?.value).toBeGreaterThan(0);
    expect(families.has('tracker_projection_events_applied')).toBe(false);
    expect(families.has('tracker_projection_poison_events')).toBe(false);
  });

  it('gives the share verified as a 0-1 ratio, no percent', () => {
    const ratio = families.get('tracker_market_verified_ratio');
    expect(ratio?.type).toBe('gauge');
    const of = (market: string) => ratio?.samples.find((s) => s.labels.market === market)?.value;
    expect(of('IN')).toBe(0.25);
    expect(of('SG')).toBe(0);
    expect([...families.keys()].filter((name) => name.includes('percent'))).toEqual([]);
  });

  it('exports the standard process and Node.js metrics under their standard names', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ])
      expect(families.has(name)).toBe(true);
    expect([...families.keys()].filter((name) => /^tracker_(process|nodejs)_/.test(name))).toEqual([]);
  });

  it('has no constant series', () => {
    expect(families.has('tracker_read_side_scrape')).toBe(false);
  });

  it('labels requests by route pattern, files with one value, unrouted paths with another', () => {
    const routes = [...labelValues(families, 'route')];
    expect(routes).toEqual(expect.arrayContaining(['static', 'unmatched', '/programs/:programId/progress']));
    // Every value is a pattern: no file name, no hash, no path nobody routes.
    const offending = routes.filter(
      (route) =>
        !['static', 'unmatched'].includes(route) && (/\.[a-z0-9]+$/i.test(route) || route.includes('a1b2c3')),
    );
    expect(offending).toEqual([]);
    expect(routes.some((route) => route.startsWith('/assets/'))).toBe(false);
  });

  it("passes Prometheus' own check (promtool check metrics), when promtool is installed", () => {
    const tool = promtool();
    if (!tool) {
      // Not a failure: the naming rules above ran; promtool adds Prometheus' own lint where it is installed.
      console.warn(
        'promtool not installed (Debian: apt-get install prometheus): promtool check metrics skipped',
      );
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'metrics-'));
    try {
      const file = join(dir, 'metrics.txt');
      writeFileSync(file, text);
      const output = execFileSync('sh', ['-c', `"${tool}" check metrics < "${file}" 2>&1; echo "exit $?"`], {
        encoding: 'utf8',
      });
      const lines = output.trim().split('\n');
      const status = lines.pop();
      const complaints = lines.filter((line) => !STANDARD_EXCEPTIONS.has(line.split(' ')[0]));
      expect(complaints).toEqual([]);
      // promtool exits 3 for lint problems (only the standard exceptions may remain), 1 for unreadable input.
      expect(status).toBe(lines.length === 0 ? 'exit 0' : 'exit 3');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
