import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Durability = 'full' | 'normal';

/** Everything the tracker reads from its environment, parsed once at start. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** This replica's own files (read models, the Merkle tree cache): `READ_MODEL_DIR`, default `dataDir`. */
  readModelDir: string;
  eventStoreConnectionString?: string;
  /** `name:role:key,...`; when absent the keys file in the data dir is used (created on first start). */
  apiKeys?: string;
  bodyLimitBytes: number;
  durability: Durability;
  /** `EMBEDDED_POSITION_GAPS=true`: the embedded store hands out sparse positions, as EventStoreDB does. */
  positionGaps: boolean;
  logLevel: string;
  /** A market expecting work with no step recorded for this long is flagged stale. */
  staleAfterMs: number;
  /** How long a read with `?minPosition=` waits for the projections before answering 503. */
  readWaitTimeoutMs: number;
  /** Sign a checkpoint once this many events arrived since the last one. */
  checkpointEveryEvents: number;
  /** ... or once this many minutes passed (by the injected clock) with anything new. */
  checkpointEveryMinutes: number;
  /**
   * The checkpoint signing key (Ed25519, PKCS#8 PEM), the same on every replica: `AUDIT_SIGNING_KEY` (the PEM
   * text) or `AUDIT_SIGNING_KEY_FILE` (its path). Unset: a key created in `<dataDir>/audit-keys` on first start.
   */
  signingKeyPem?: string;
  /** The transparency log's name, first line of every signed checkpoint and the signature's key name. */
  logOrigin: string;
  /** `TRACKER_NOW`: the clock starts at this instant and advances in real time (demos); unset = system clock. */
  simulatedNow?: Date;
  /** The HTTP edge: timeouts, connection and stream caps, rate limits, parser limits (`loadHttpLimits`). */
  http: HttpLimits;
  /** `METRICS_TOKEN`: when set, GET /metrics needs `Authorization: Bearer <token>`; unset = open. */
  metricsToken?: string;
  /** Bounds of the as-of replays (`?asOf=` progress and the diff): cache sizes, concurrency, queue. */
  asOf: AsOfLimits;
  /** Webhook notifications: schedule, delivery bounds, the address allow-list (`loadNotifyConfig`). */
  notify: NotifyConfig;
  /**
   * `WRITE_CACHE_MB` (default 256): what the writer's folded stream states may take, by estimate; past it the
   * least recently used go, and their next command folds the stream again. 0 keeps none.
   */
  writeCacheBytes: number;
}

/** Webhook notifications: see the README's Notifications section for each variable. */
export interface NotifyConfig {
  /** `NOTIFY_INTERVAL_MS`: open markets are re-assessed this often (and after every change). */
  intervalMs: number;
  /** `WEBHOOK_ALLOWED_HOSTS`: hosts that may resolve to loopback, link-local or private addresses. */
  allowedHosts: string[];
  /** `WEBHOOK_TIMEOUT_MS`: one delivery attempt, connection to last byte. */
  timeoutMs: number;
  /** `WEBHOOK_CONCURRENCY`: deliveries in flight at once per replica. */
  concurrency: number;
  /** `WEBHOOK_RETRY_BASE_MS`: first retry delay, doubled per attempt (with jitter), at most an hour. */
  retryBaseMs: number;
  /** `WEBHOOK_RETRY_FOR_MS`: a delivery still failing this long after it was queued is marked failed. */
  retryForMs: number;
  /** `PUBLIC_URL`: the dashboard's address, for links in chat messages; default http://HOST:PORT. */
  publicUrl: string;
}

/** How much of the server the replays of the past may take: see the README's Configuration table. */
export interface AsOfLimits {
  /** `AS_OF_CACHE_ENTRIES`: answers kept, by program, instant, basis and the program's streams' heads. */
  cacheEntries: number;
  /** `AS_OF_CACHED_PROGRAMS`: programs whose whole event list is kept for the next instant asked (memory!). */
  cachedPrograms: number;
  /** `AS_OF_CONCURRENCY`: replays computed at once; each yields to other requests between slices. */
  concurrency: number;
  /**
   * `AS_OF_QUEUE`: replays waiting for their turn; beyond, 503 with `Retry-After`. A waiting request holds
   * a socket and a closure and costs no CPU; a refused client comes straight back, so it is not kept short.
   */
  queue: number;
  /**
   * `AS_OF_REFUSAL_DELAY_MS`: a refused request gets its 503 after this long. Clients that retry at once,
   * whatever `Retry-After` says, would otherwise turn refusals into the load they were meant to shed.
   */
  refusalDelayMs: number;
}

/** What one client may hold or send: see the README's Configuration table for each variable. */
export interface HttpLimits {
  /** `HEADERS_TIMEOUT_MS`: a client must have sent its request line and headers within this time. */
  headersTimeoutMs: number;
  /** `REQUEST_TIMEOUT_MS`: ... and its whole request, body included (answers such as SSE are not limited). */
  requestTimeoutMs: number;
  /** `KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** `MAX_CONNECTIONS`: open connections beyond this are closed at once. */
  maxConnections: number;
  /** `SSE_MAX_STREAMS_PER_KEY`: open live streams per API key; the next one gets 429. */
  sseMaxStreamsPerKey: number;
  /** `SSE_FULL_VIEWS=1`: every live event is the whole view (`progress`), never `progress-changes`. */
  sseFullViews: boolean;
  /** `AUTH_FAILURES_PER_MINUTE`: requests with an unknown key per client address per minute, then 429. */
  authFailuresPerMinute: number;
  /** `COSTLY_REQUESTS_PER_MINUTE`: calls per API key per minute to each costly route (replays, verify, ...). */
  costlyRequestsPerMinute: number;
  /** `JSON_MAX_DEPTH`: deeper JSON bodies get 400 before they are parsed. */
  jsonMaxDepth: number;
  /** `BODY_DISCARD_LIMIT_BYTES`: an oversize body is read and dropped up to this size so the client sees 413. */
  bodyDiscardLimitBytes: number;
  /**
   * `TRUST_PROXY`: addresses or CIDRs of reverse proxies whose `X-Forwarded-For` names the client (for the
   * per-address limit); unset = the connection's own address.
   */
  trustProxy?: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const durability = env.DURABILITY ?? 'full';
  if (durability !== 'full' && durability !== 'normal') {
    throw new ConfigError(`DURABILITY must be "full" or "normal", got "${durability}"`);
  }
  const gaps = env.EMBEDDED_POSITION_GAPS ?? 'false';
  if (gaps !== 'true' && gaps !== 'false') {
    throw new ConfigError(`EMBEDDED_POSITION_GAPS must be "true" or "false", got "${gaps}"`);
  }
  const trackerNow = env.TRACKER_NOW || undefined;
  if (
    trackerNow !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}T/.test(trackerNow) || Number.isNaN(Date.parse(trackerNow)))
  ) {
    throw new ConfigError(
      `TRACKER_NOW must be an ISO-8601 instant such as 2014-09-15T10:00:00+08:00, got "${trackerNow}"`,
    );
  }
  const signingKeyPem = signingKey(env);
  const logOrigin = env.AUDIT_LOG_ORIGIN || 'migration-tracker/audit-log';
  if (!/^[\x21-\x7e]+$/.test(logOrigin) || logOrigin.includes('+')) {
    throw new ConfigError(
      `AUDIT_LOG_ORIGIN must be printable ASCII without spaces or "+", e.g. tracker.example.com/intl-2014, got "${logOrigin}"`,
    );
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    readModelDir: env.READ_MODEL_DIR ? resolve(env.READ_MODEL_DIR) : dataDir,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    apiKeys: env.API_KEYS || undefined,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 64 * 1024 * 1024),
    durability,
    positionGaps: gaps === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    staleAfterMs: integer(env, 'STALE_AFTER_HOURS', 24, 1, 24 * 365) * 3_600_000,
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5000, 0, 60_000),
    checkpointEveryEvents: integer(env, 'CHECKPOINT_EVERY_EVENTS', 1000, 1, 10_000_000),
    checkpointEveryMinutes: integer(env, 'CHECKPOINT_EVERY_MINUTES', 10, 1, 10 * 525_600),
    signingKeyPem,
    logOrigin,
    simulatedNow: trackerNow === undefined ? undefined : new Date(trackerNow),
    http: loadHttpLimits(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    asOf: {
      cacheEntries: integer(env, 'AS_OF_CACHE_ENTRIES', 256, 0, 1_000_000),
      cachedPrograms: integer(env, 'AS_OF_CACHED_PROGRAMS', 2, 0, 1_000),
      concurrency: integer(env, 'AS_OF_CONCURRENCY', 1, 1, 64),
      queue: integer(env, 'AS_OF_QUEUE', 32, 0, 10_000),
      refusalDelayMs: integer(env, 'AS_OF_REFUSAL_DELAY_MS', 250, 0, 60_000),
    },
    notify: loadNotifyConfig(env),
    writeCacheBytes: integer(env, 'WRITE_CACHE_MB', 256, 0, 1_048_576) * 1024 * 1024,
  };
}

function loadNotifyConfig(env: NodeJS.ProcessEnv): NotifyConfig {
  const publicUrl = env.PUBLIC_URL || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '3000'}`;
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://tracker.example.com, got "${publicUrl}"`);
  }
  return {
    intervalMs: integer(env, 'NOTIFY_INTERVAL_MS', 60_000, 100, 86_400_000),
    allowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase().replace(/^\[|\]$/g, ''))
      .filter((host) => host !== ''),
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 8, 1, 256),
    retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 5_000, 10, 3_600_000),
    retryForMs: integer(env, 'WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 0, 30 * 86_400_000),
    publicUrl: publicUrl.replace(/\/+$/, ''),
  };
}

function loadHttpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const bodyLimit = integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 64 * 1024 * 1024);
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // Node refuses a header timeout longer than the request timeout.
  const headersTimeoutMs = integer(
    env,
    'HEADERS_TIMEOUT_MS',
    Math.min(10_000, requestTimeoutMs),
    100,
    requestTimeoutMs,
  );
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1_000, 1, 1_000_000),
    sseMaxStreamsPerKey: integer(env, 'SSE_MAX_STREAMS_PER_KEY', 20, 1, 100_000),
    sseFullViews: env.SSE_FULL_VIEWS === '1',
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 20, 1, 1_000_000),
    costlyRequestsPerMinute: integer(env, 'COSTLY_REQUESTS_PER_MINUTE', 60, 1, 1_000_000),
    jsonMaxDepth: integer(env, 'JSON_MAX_DEPTH', 64, 2, 10_000),
    bodyDiscardLimitBytes: integer(
      env,
      'BODY_DISCARD_LIMIT_BYTES',
      Math.max(4 * bodyLimit, 4 * 1024 * 1024),
      bodyLimit,
      1024 * 1024 * 1024,
    ),
    trustProxy: env.TRUST_PROXY || undefined,
  };
}

function signingKey(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AUDIT_SIGNING_KEY && env.AUDIT_SIGNING_KEY_FILE) {
    throw new ConfigError('Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE, not both');
  }
  let pem = env.AUDIT_SIGNING_KEY || undefined;
  if (env.AUDIT_SIGNING_KEY_FILE) {
    try {
      pem = readFileSync(env.AUDIT_SIGNING_KEY_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `AUDIT_SIGNING_KEY_FILE ${env.AUDIT_SIGNING_KEY_FILE} cannot be read: ${(error as Error).message}`,
      );
    }
  }
  if (pem === undefined) return undefined;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch (error) {
    throw new ConfigError(
      `the audit signing key must be an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519): ${(error as Error).message}`,
    );
  }
  return pem;
}
