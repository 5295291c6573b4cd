import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * docker/prometheus/alerts.yml: valid (`promtool check rules`), behaving as its unit tests say (`promtool test
 * rules alerts.test.yml`), loaded by prometheus.yml (`promtool check config`), and written against metric
 * names a real server exports on /metrics.
 */

const DIR = join(__dirname, '..', 'docker', 'prometheus');
const RULES = join(DIR, 'alerts.yml');

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIPPED =
  'promtool checks of docker/prometheus/alerts.yml SKIPPED: promtool is not installed here ' +
  '(Debian: `apt-get install -y --no-install-recommends prometheus`)';

function run(args: string[], cwd = DIR) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Metric names an expression of the rules reads (the only non-tracker one is Prometheus' own `up`). */
/** Each rule's expression: on its `expr:` line, or folded (`>-`) over the more indented lines after it. */
function expressionsOf(rulesText: string): string[] {
  const lines = rulesText.split('\n');
  const indent = (line: string) => line.length - line.trimStart().length;
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)expr:\s*(.*)$/.exec(lines[i]);
    if (match === null) continue;
    const parts = [match[2]];
    while (i + 1 < lines.length && lines[i + 1].trim() !== '' && indent(lines[i + 1]) > match[1].length)
      parts.push(lines[++i].trim());
    found.push(parts.join(' '));
  }
  return found;
}

function metricNames(rulesText: string): string[] {
  const expressions = expressionsOf(rulesText);
  const names = new Set<string>();
  for (const expr of expressions)
    for (const [name] of expr.matchAll(/\btracker_[a-z0-9_]+/g)) names.add(name);
  return [...names].sort();
}

describe('alert rules (docker/prometheus/alerts.yml)', () => {
  if (promtool) {
    it('pass promtool check rules', () => {
      const result = run(['check', 'rules', RULES]);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });

    it('pass their unit tests (promtool test rules alerts.test.yml)', () => {
      const result = run(['test', 'rules', 'alerts.test.yml']);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });

    it('are loaded by prometheus.yml, which passes promtool check config', () => {
      // The file names container paths: checked on a copy pointing at the repository's files.
      const dir = mkdtempSync(join(tmpdir(), 'tracker-prometheus-'));
      try {
        writeFileSync(join(dir, 'metrics-token'), 'check-only');
        const config = readFileSync(join(DIR, 'prometheus.yml'), 'utf8');
        expect(config).toContain('/etc/prometheus/alerts.yml');
        writeFileSync(
          join(dir, 'prometheus.yml'),
          config
            .replace('/etc/prometheus/alerts.yml', RULES)
            .replace('/prometheus/metrics-token', join(dir, 'metrics-token')),
        );
        const result = run(['check', 'config', join(dir, 'prometheus.yml')]);
        expect(result.output).toContain('SUCCESS: 9 rules found');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    console.warn(SKIPPED);
    describe.skip(SKIPPED, () => {
      it.skip('checks and unit-tests the rules', () => undefined);
    });
  }

  it('read only metrics a real server exports', async () => {
    const names = metricNames(readFileSync(RULES, 'utf8'));
    expect(names).toEqual(
      expect.arrayContaining([
        'tracker_market_status',
        'tracker_market_stale',
        'tracker_projection_lag_seconds',
        'tracker_projection_up',
        'tracker_projection_trailing',
        'tracker_event_store_up',
      ]),
    );
    const server = await TestServer.start();
    try {
      // A market, so that the per-market series are there.
      await expectPost(server, '/programs', programBody('alerts'));
      await expectPost(server, '/programs/alerts/markets', {
        market: 'IN',
        targetRegion: 'us-east',
        usersInScope: 10,
      });
      // The read models follow the log in the background: wait for the market's series.
      const text = await eventually(
        async () => (await server.get('/metrics', { key: null })).text,
        (body) => body.includes('market="IN"'),
      );
      const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
      expect(names.filter((name) => !exported.has(name))).toEqual([]);
      expect(text).toMatch(/^tracker_event_store_up 1$/m);
      // The 2014 deadline has passed by the real clock.
      expect(text).toMatch(/^tracker_market_status\{program="alerts",market="IN",status="off_track"\} 1$/m);
    } finally {
      await server.stop();
    }
  });

  it('Alertmanager runs in the cluster compose file and Prometheus mounts the rules', () => {
    const compose = readFileSync(join(__dirname, '..', 'docker', 'compose.cluster.yaml'), 'utf8');
    expect(compose).toMatch(/^ {2}alertmanager:\n {4}image: prom\/alertmanager:/m);
    expect(compose).toContain('./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    expect(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')).toContain('alertmanager:9093');
  });
});
