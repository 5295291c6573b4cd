import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NotificationKind, SubscriptionFormat } from '@app/domain';
import { openSqliteFile } from '@app/event-store';
import { bindToStore, type StoreBinding } from '../shared/store-binding';

/** A subscription as the notifier knows it, read from the log (SubscriptionCreated / SubscriptionRemoved). */
export interface SubscriptionRecord {
  id: string;
  url: string;
  kinds: NotificationKind[];
  programId: string | null;
  markets: string[] | null;
  format: SubscriptionFormat;
  createdAt: string;
  createdBy: string;
  removedAt: string | null;
}

/** The last state notified to a subscription about one subject (a market, a projection). */
export interface NotifiedState {
  status: string;
  stale: boolean;
  /** Position of the read models the state was seen at: a replica behind it does not overrule it. */
  readPosition: number;
}

/** A subscription read from the log, its URL opened. */
export interface NewSubscription {
  subscriptionId: string;
  url: string;
  kinds: readonly NotificationKind[];
  programId?: string;
  markets?: readonly string[];
  format: SubscriptionFormat;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One message of the outbox: one webhook-id, one or more attempts. */
export interface DeliveryRecord {
  id: string;
  subscriptionId: string;
  kind: string;
  programId: string | null;
  market: string | null;
  /** The generic JSON payload (`{ type, timestamp, data }`), formatted for chat at send time. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  createdAtMs: number;
  nextAttemptAtMs: number;
  lastAttemptAtMs: number | null;
  deliveredAtMs: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** The copies of one notice, one per subscription told, by status (`retrying`: pending after a failed attempt). */
export interface NoticeCopies {
  subscriptions: number;
  delivered: number;
  pending: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

/** Copies of one notice are queued together; a minute either side covers a slow cycle. */
const COPIES_WINDOW_MS = 60_000;

export interface NewDelivery {
  id: string;
  subscriptionId: string;
  kind: string;
  programId?: string;
  market?: string;
  payload: string;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  kind: string;
  program_id: string | null;
  market: string | null;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  created_at_ms: number;
  next_attempt_at_ms: number;
  last_attempt_at_ms: number | null;
  delivered_at_ms: number | null;
  last_status: number | null;
  last_error: string | null;
}

interface SubscriptionRow {
  id: string;
  url: string;
  kinds: string;
  program_id: string | null;
  markets: string | null;
  format: SubscriptionFormat;
  created_at: string;
  created_by: string;
  removed_at: string | null;
}

const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  kind: row.kind,
  programId: row.program_id,
  market: row.market,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  createdAtMs: row.created_at_ms,
  nextAttemptAtMs: row.next_attempt_at_ms,
  lastAttemptAtMs: row.last_attempt_at_ms,
  deliveredAtMs: row.delivered_at_ms,
  lastStatus: row.last_status,
  lastError: row.last_error,
});

const toSubscription = (row: SubscriptionRow): SubscriptionRecord => ({
  id: row.id,
  url: row.url,
  kinds: JSON.parse(row.kinds) as NotificationKind[],
  programId: row.program_id,
  markets: row.markets === null ? null : (JSON.parse(row.markets) as string[]),
  format: row.format,
  createdAt: row.created_at,
  createdBy: row.created_by,
  removedAt: row.removed_at,
});

/** Schema version 1 (IF NOT EXISTS: a file from before schema versions has these tables already). */
function createNotificationTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS notify_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS subscriptions (
      id TEXT PRIMARY KEY, url TEXT NOT NULL, kinds TEXT NOT NULL, program_id TEXT, markets TEXT,
      format TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, removed_at TEXT);
    CREATE TABLE IF NOT EXISTS notified_state (
      subscription_id TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, stale INTEGER NOT NULL,
      read_position INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (subscription_id, subject));
    CREATE TABLE IF NOT EXISTS outbox (
      id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, kind TEXT NOT NULL, program_id TEXT, market TEXT,
      payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      created_at_ms INTEGER NOT NULL, next_attempt_at_ms INTEGER NOT NULL, last_attempt_at_ms INTEGER,
      delivered_at_ms INTEGER, last_status INTEGER, last_error TEXT, lease_owner TEXT, lease_until_ms INTEGER);
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at_ms);
    CREATE INDEX IF NOT EXISTS outbox_subscription ON outbox (subscription_id, created_at_ms);
    CREATE INDEX IF NOT EXISTS outbox_market ON outbox (program_id, market, created_at_ms);
  `);
}

/**
 * The notifier's state, in `notifications.sqlite` of the shared data dir, so replicas sharing the dir share
 * it: the subscriptions read from the log and how far the log was read (one transaction, so an event-driven
 * notification is queued exactly when the checkpoint passes its event), the last state notified per
 * subscription and subject, and the outbox. Writes that decide something run in IMMEDIATE transactions:
 * two replicas never both queue one transition, nor both claim one delivery.
 */
export class NotificationStore {
  private readonly db: Database.Database;

  constructor(filename: string) {
    mkdirSync(dirname(filename), { recursive: true });
    this.db = openSqliteFile(filename, {
      label: 'Notification state',
      busyTimeoutMs: 5000,
      pragmas: ['synchronous = FULL'],
      migrations: [createNotificationTables],
    });
  }

  /** Everything here was read from one event store: pointed at another, it starts again (see bindToStore). */
  bindToStore(identity: string | undefined): StoreBinding {
    return bindToStore(this.db, identity, ['notify_meta', 'subscriptions', 'notified_state', 'outbox']);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** How far the log was read, as the opaque position text (undefined: from the start). */
  logPosition(): bigint | undefined {
    const row = this.db.prepare(`SELECT value FROM notify_meta WHERE name = 'log_position'`).get() as
      { value: string } | undefined;
    return row === undefined ? undefined : BigInt(row.value);
  }

  /**
   * Applies what was read from the log after `from`, in one IMMEDIATE transaction: unless another replica
   * moved the checkpoint meanwhile (then nothing is applied and false returned: read again from there).
   */
  applyLogBatch(from: bigint | undefined, to: bigint, apply: () => void): boolean {
    return this.db
      .transaction(() => {
        if (this.logPosition() !== from) return false;
        apply();
        this.db
          .prepare(`INSERT OR REPLACE INTO notify_meta (name, value) VALUES ('log_position', ?)`)
          .run(to.toString());
        return true;
      })
      .immediate();
  }

  addSubscription(data: NewSubscription, createdAt: string, createdBy: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO subscriptions (id, url, kinds, program_id, markets, format, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        data.subscriptionId,
        data.url,
        JSON.stringify(data.kinds),
        data.programId ?? null,
        data.markets === undefined ? null : JSON.stringify(data.markets),
        data.format,
        createdAt,
        createdBy,
      );
  }

  /** A removed subscription is told nothing more: what it had queued is cancelled. */
  removeSubscription(id: string, removedAt: string): void {
    this.db.prepare('UPDATE subscriptions SET removed_at = ? WHERE id = ?').run(removedAt, id);
    this.db
      .prepare(
        `UPDATE outbox SET status = 'cancelled', lease_owner = NULL, lease_until_ms = NULL
         WHERE subscription_id = ? AND status = 'pending'`,
      )
      .run(id);
  }

  subscription(id: string): SubscriptionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as
      SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  activeSubscriptions(): SubscriptionRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM subscriptions WHERE removed_at IS NULL ORDER BY created_at, id')
        .all() as SubscriptionRow[]
    ).map(toSubscription);
  }

  /** Queues a message once: a second insert of the same webhook-id (another replica, a re-read) is ignored. */
  enqueue(delivery: NewDelivery, nowMs: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO outbox (id, subscription_id, kind, program_id, market, payload, status,
             created_at_ms, next_attempt_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .run(
          delivery.id,
          delivery.subscriptionId,
          delivery.kind,
          delivery.programId ?? null,
          delivery.market ?? null,
          delivery.payload,
          nowMs,
          nowMs,
        ).changes === 1
    );
  }

  /**
   * Compares and records the state of a subject for a subscription, in one IMMEDIATE transaction with what
   * `transition` queues: of two replicas seeing the same change, the second finds it recorded. The first
   * state recorded (told to nobody) is one seen at `firstSightFrom` or later: a replica whose read models are
   * older than the subscription would record a past status, and the next replica would tell the present one
   * as a change.
   */
  transition(
    subscriptionId: string,
    subject: string,
    seen: NotifiedState,
    at: string,
    transition: (previous: NotifiedState | undefined) => NewDelivery[],
    nowMs: number,
    firstSightFrom = 0,
  ): NewDelivery[] {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            'SELECT status, stale, read_position FROM notified_state WHERE subscription_id = ? AND subject = ?',
          )
          .get(subscriptionId, subject) as
          { status: string; stale: number; read_position: number } | undefined;
        const previous = row && {
          status: row.status,
          stale: row.stale === 1,
          readPosition: row.read_position,
        };
        if (!previous && seen.readPosition < firstSightFrom) return [];
        // A replica whose read models are behind the state recorded does not overrule it.
        if (previous && seen.readPosition < previous.readPosition) return [];
        if (previous && previous.status === seen.status && previous.stale === seen.stale) return [];
        const queued = transition(previous).filter((delivery) => this.enqueue(delivery, nowMs));
        this.db
          .prepare(
            `INSERT OR REPLACE INTO notified_state (subscription_id, subject, status, stale, read_position, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(subscriptionId, subject, seen.status, seen.stale ? 1 : 0, seen.readPosition, at);
        return queued;
      })
      .immediate();
  }

  /** Takes up to `limit` due messages for `owner` until `leaseUntilMs`; no other replica takes them meanwhile. */
  claim(owner: string, nowMs: number, leaseUntilMs: number, limit: number): DeliveryRecord[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at_ms <= ?
               AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
             ORDER BY next_attempt_at_ms, created_at_ms LIMIT ?`,
          )
          .all(nowMs, nowMs, limit) as DeliveryRow[];
        const take = this.db.prepare(
          `UPDATE outbox SET lease_owner = ?, lease_until_ms = ?, attempts = attempts + 1, last_attempt_at_ms = ?
           WHERE id = ?`,
        );
        for (const row of rows) take.run(owner, leaseUntilMs, nowMs, row.id);
        return rows.map((row) =>
          toDelivery({ ...row, attempts: row.attempts + 1, last_attempt_at_ms: nowMs }),
        );
      })
      .immediate();
  }

  /** Records an attempt's outcome, if `owner` still holds the lease (else another replica took it over). */
  settle(
    id: string,
    owner: string,
    outcome: {
      status: Exclude<DeliveryStatus, 'pending'> | 'pending';
      nextAttemptAtMs?: number;
      atMs: number;
    },
    answer: { httpStatus?: number; error?: string },
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET status = ?, next_attempt_at_ms = COALESCE(?, next_attempt_at_ms),
             delivered_at_ms = ?, last_status = ?, last_error = ?, lease_owner = NULL, lease_until_ms = NULL
           WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
        )
        .run(
          outcome.status,
          outcome.nextAttemptAtMs ?? null,
          outcome.status === 'delivered' ? outcome.atMs : null,
          answer.httpStatus ?? null,
          answer.error ?? null,
          id,
          owner,
        ).changes === 1
    );
  }

  delivery(id: string): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row && toDelivery(row);
  }

  /** The subscription's messages, newest first. */
  deliveries(subscriptionId: string, limit: number): DeliveryRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM outbox WHERE subscription_id = ? ORDER BY created_at_ms DESC, id LIMIT ?')
        .all(subscriptionId, limit) as DeliveryRow[]
    ).map(toDelivery);
  }

  /**
   * The newest message about each market of a program (any subscription), for the dashboard; of messages
   * queued at the same instant, a status change (the status told) before a stale notice or an event's.
   */
  lastPerMarket(programId: string): DeliveryRecord[] {
    const seen = new Set<string | null>();
    return (
      this.db
        .prepare(
          `SELECT o.* FROM outbox o JOIN (
             SELECT market, MAX(created_at_ms) AS at FROM outbox
             WHERE program_id = ? AND market IS NOT NULL AND kind != 'test' GROUP BY market
           ) last ON o.market = last.market AND o.created_at_ms = last.at
           WHERE o.program_id = ? AND o.kind != 'test'
           ORDER BY o.market, o.kind = 'status_changed' DESC, o.id`,
        )
        .all(programId, programId) as DeliveryRow[]
    )
      .filter((row) => !seen.has(row.market) && seen.add(row.market))
      .map(toDelivery);
  }

  /**
   * How the copies of one notice fared: the messages about the same market, of the same kind and with the
   * same data as `delivery` (one per subscription told), queued within a minute of it (one assessment or one
   * read of the log queues every copy at once). Pending copies whose last attempt failed are `retrying`.
   */
  copiesOf(delivery: DeliveryRecord): NoticeCopies {
    const rows = this.db
      .prepare(
        `SELECT status, (last_status IS NOT NULL OR last_error IS NOT NULL) AS tried, COUNT(*) AS n FROM outbox
         WHERE program_id = ? AND market = ? AND kind = ? AND created_at_ms BETWEEN ? AND ?
           AND json_extract(payload, '$.data') = json_extract(?, '$.data')
         GROUP BY status, tried`,
      )
      .all(
        delivery.programId,
        delivery.market,
        delivery.kind,
        delivery.createdAtMs - COPIES_WINDOW_MS,
        delivery.createdAtMs + COPIES_WINDOW_MS,
        delivery.payload,
      ) as { status: DeliveryStatus; tried: number; n: number }[];
    const copies: NoticeCopies = {
      subscriptions: 0,
      delivered: 0,
      pending: 0,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    };
    for (const { status, tried, n } of rows) {
      copies.subscriptions += n;
      copies[status] += n;
      if (status === 'pending' && tried === 1) copies.retrying += n;
    }
    return copies;
  }

  /** Messages by status, for the metrics. */
  countByStatus(): Record<DeliveryStatus, number> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0, cancelled: 0 };
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
      status: DeliveryStatus;
      n: number;
    }[];
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }
}
