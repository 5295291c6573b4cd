import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every compose file under docker/ must pass `docker compose config`; the Grafana dashboard must chart our metrics. */

const DOCKER_DIR = join(__dirname, '..', 'docker');
const COMPOSE_FILES = readdirSync(DOCKER_DIR).filter((name) => /^compose(\..+)?\.ya?ml$/.test(name));
// The cluster file requires shared keys and secrets; any value will do for checking the file.
const ENV = {
  ...process.env,
  API_KEYS: 'ops:operator:check-only-key',
  AUDIT_SIGNING_KEY: 'check-only',
  METRICS_TOKEN: 'check-only-token',
  GRAFANA_ADMIN_PASSWORD: 'check-only-password',
  ESDB_ADMIN_PASSWORD: 'check-only-admin-password',
  ESDB_TRACKER_PASSWORD: 'check-only-tracker-password',
};

/** `docker compose` (v2 plugin) or `docker-compose` (v1), whichever answers. */
function composeCommand(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (probe.status === 0) return command;
  }
  return undefined;
}

const compose = composeCommand();
const SKIPPED =
  'docker compose config (skipped: neither `docker compose` nor `docker-compose` works here; ' +
  'install one, e.g. `apt-get install -y --no-install-recommends docker-compose`)';

describe('docker/', () => {
  it('has the single-node and the cluster compose files', () => {
    expect(COMPOSE_FILES).toEqual(expect.arrayContaining(['compose.yaml', 'compose.cluster.yaml']));
  });

  if (compose) {
    it.each(COMPOSE_FILES)(`%s passes \`${compose.join(' ')} config\``, (file) => {
      const result = spawnSync(
        compose[0],
        [...compose.slice(1), '-f', join(DOCKER_DIR, file), 'config', '-q'],
        {
          encoding: 'utf8',
          env: ENV,
          timeout: 60_000,
        },
      );
      expect({ file, status: result.status, stderr: result.stderr }).toEqual({ file, status: 0, stderr: '' });
    });
  } else {
    console.warn(SKIPPED);
    describe.skip(SKIPPED, () => {
      it.skip('checks every compose file', () => undefined);
    });
  }

  it('keeps metrics, Grafana and EventStoreDB closed to strangers', () => {
    const read = (file: string) => readFileSync(join(DOCKER_DIR, file), 'utf8');
    // nginx does not serve /metrics; Prometheus scrapes the instances directly, with the bearer token.
    expect(read('nginx/nginx.conf')).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(read('prometheus/prometheus.yml')).toMatch(
      /authorization:\s*\n\s*type: Bearer\s*\n\s*credentials_file: /,
    );
    const cluster = read('compose.cluster.yaml');
    expect(cluster).toContain('METRICS_TOKEN: ${METRICS_TOKEN:?');
    expect(cluster).toContain('GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?');
    expect(cluster).toContain('GF_AUTH_ANONYMOUS_ENABLED: "false"');
    expect(cluster).toContain('"127.0.0.1:9090:9090"');
    // The insecure single node is reachable from this host only; the secure file publishes no EventStoreDB port.
    expect(read('compose.yaml')).toContain('"127.0.0.1:2113:2113"');
    const secure = read('compose.secure.yaml');
    expect(secure).not.toContain('2113:2113');
    expect(secure).not.toContain('EVENTSTORE_INSECURE');
    expect(secure).toContain('tls=true&tlsCAFile=');
  });

  it("provisions a Grafana dashboard charting the tracker's metrics from Prometheus", () => {
    const dashboard = JSON.parse(readFileSync(join(DOCKER_DIR, 'grafana/dashboards/tracker.json'), 'utf8'));
    const expressions = dashboard.panels
      .flatMap((panel: any) => panel.targets.map((target: any) => target.expr))
      .join('\n');
    for (const metric of [
      'tracker_market_verified_ratio',
      'tracker_market_status',
      'tracker_projection_lag_events',
      'tracker_http_request_duration_seconds',
      'tracker_events_appended_total',
    ]) {
      expect(expressions).toContain(metric);
    }
    const prometheus = readFileSync(join(DOCKER_DIR, 'prometheus/prometheus.yml'), 'utf8');
    expect(prometheus).toContain('tracker-1:3000');
    expect(prometheus).toContain('tracker-2:3000');
  });
});
