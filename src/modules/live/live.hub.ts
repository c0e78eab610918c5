import pg from 'pg';
import { sql } from 'kysely';
import type { AppDeps } from '../../kernel/context.js';

/** The PostgreSQL channel every process listens on; the payload is the schema, so installs sharing a database stay apart. */
export const LIVE_CHANNEL = 'skit_live';
/** How long events stay for resuming streams; older `Last-Event-ID`s get a `reset`. */
export const LIVE_RETENTION_MS = 10 * 60_000;
/** The safety net when a wakeup is missed (a lost LISTEN connection, a write by another process on SQLite). */
const POLL_MS = 1000;
const PRUNE_MS = 60_000;
const READ_BATCH = 500;

/** One row as the streams get it. */
export interface LiveRow {
  seq: number;
  portal_id: string;
  type: 'change' | 'notification';
  user_id: string | null;
  payload: string;
}

/** An open stream: its portal and user, and where its events go. */
export interface LiveSubscriber {
  portalId: string;
  userId: string;
  deliver(row: LiveRow): void;
}

/** May this subscriber get this row? Same portal, and the row is for everyone or for this user. */
export const isFor = (row: Pick<LiveRow, 'portal_id' | 'user_id'>, s: Pick<LiveSubscriber, 'portalId' | 'userId'>): boolean =>
  row.portal_id === s.portalId && (row.user_id === null || row.user_id === s.userId);

const hubs = new WeakMap<AppDeps, LiveHub>();

/** SQLite: the writing process wakes its own hub; the read waits for the transaction's connection, so it sees the commit. */
export function wakeLocalHub(deps: AppDeps): void {
  hubs.get(deps)?.wake();
}

/**
 * One per process: gives committed rows their stream position (`seq`) one batch at a
 * time, reads them in that order and hands each to the open streams allowed to see it.
 * Wakeups: LISTEN on PostgreSQL, the publishing call on SQLite, and a poll as the net.
 */
export class LiveHub {
  /** The highest seq read and delivered by this process. */
  cursor = 0;
  private readonly byPortal = new Map<string, Set<LiveSubscriber>>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private listener: pg.Client | null = null;
  private stopped = false;

  constructor(private readonly deps: AppDeps) {}

  async start(): Promise<void> {
    hubs.set(this.deps, this);
    await this.pump();
    const max = await this.deps.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirst();
    this.cursor = Math.max(this.cursor, Number(max?.max ?? 0));
    if (this.deps.database.dialect === 'postgres') await this.listen();
    this.timers.push(setInterval(() => this.pollPending(), POLL_MS).unref());
    this.timers.push(setInterval(() => void this.prune().catch((err) => this.deps.log.warn({ err }, 'live: prune failed')), PRUNE_MS).unref());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (hubs.get(this.deps) === this) hubs.delete(this.deps);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pumping?.catch(() => undefined);
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byPortal.values()) n += set.size;
    return n;
  }

  subscribe(s: LiveSubscriber): () => void {
    let set = this.byPortal.get(s.portalId);
    if (!set) this.byPortal.set(s.portalId, (set = new Set()));
    set.add(s);
    return () => {
      set.delete(s);
      if (set.size === 0 && this.byPortal.get(s.portalId) === set) this.byPortal.delete(s.portalId);
    };
  }

  wake(): void {
    if (this.stopped) return;
    setImmediate(() => void this.pump().catch((err) => this.deps.log.warn({ err }, 'live: pump failed')));
  }

  /** Sequences and reads until nothing is new; concurrent calls share one run (and ask for one more). */
  pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.again = false;
          await this.sequence();
          await this.read();
        } while (this.again && !this.stopped);
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /** The rows of one portal after `after` up to `upTo`, for a stream that resumes. */
  async replay(portalId: string, after: number, upTo: number): Promise<LiveRow[]> {
    const rows = (await this.deps.db
      .selectFrom('live_events')
      .select(['seq', 'portal_id', 'type', 'user_id', 'payload'])
      .where('portal_id', '=', portalId)
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .execute()) as LiveRow[];
    for (const row of rows) row.seq = Number(row.seq);
    return rows;
  }

  /** The oldest position still kept: a stream that last saw less than this minus one may have missed events. */
  async oldestSeq(): Promise<number | null> {
    const r = await this.deps.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.min('seq').as('min'))
      .where('seq', 'is not', null)
      .executeTakeFirst();
    return r?.min == null ? null : Number(r.min);
  }

  /**
   * Numbers the committed rows that have no position yet, after every position given
   * before: one sequencer at a time (a transaction-scoped advisory lock on PostgreSQL;
   * SQLite has one writer), so positions increase in the order they become visible and
   * a stream reading `seq > cursor` never skips a row that commits late.
   */
  private async sequence(): Promise<void> {
    const pending = await this.deps.db.selectFrom('live_events').select('id').where('seq', 'is', null).limit(1).executeTakeFirst();
    if (!pending) return;
    const pg = this.deps.database.dialect === 'postgres';
    await this.deps.db.transaction().execute(async (trx) => {
      if (pg) await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.live_events'))`.execute(trx);
      const result = await sql`
        update live_events set seq = m.base + p.n
        from (select id, row_number() over (order by created_at, id) as n from live_events where seq is null) p,
             (select coalesce(max(seq), 0) as base from live_events) m
        where live_events.id = p.id`.execute(trx);
      // The other processes read what we numbered.
      if (pg && Number(result.numAffectedRows ?? 0) > 0) await sql`select pg_notify(${LIVE_CHANNEL}, current_schema())`.execute(trx);
    });
  }

  private async read(): Promise<void> {
    for (;;) {
      const rows = (await this.deps.db
        .selectFrom('live_events')
        .select(['seq', 'portal_id', 'type', 'user_id', 'payload'])
        .where('seq', '>', this.cursor)
        .orderBy('seq')
        .limit(READ_BATCH)
        .execute()) as LiveRow[];
      for (const row of rows) {
        row.seq = Number(row.seq);
        this.cursor = row.seq;
        const set = this.byPortal.get(row.portal_id);
        if (!set) continue;
        for (const s of set) if (isFor(row, s)) s.deliver(row);
      }
      if (rows.length < READ_BATCH) return;
    }
  }

  private pollPending(): void {
    if (this.stopped || this.pumping) return;
    void (async () => {
      const next = await this.deps.db
        .selectFrom('live_events')
        .select('id')
        .where((eb) => eb.or([eb('seq', 'is', null), eb('seq', '>', this.cursor)]))
        .limit(1)
        .executeTakeFirst();
      if (next) await this.pump();
    })().catch((err) => this.deps.log.warn({ err }, 'live: poll failed'));
  }

  /** Rows older than the retention window go; the newest stays, so positions keep counting up. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - LIVE_RETENTION_MS).toISOString();
    const result = await sql`
      delete from live_events where created_at < ${cutoff} and seq is not null
        and seq < (select max(seq) from live_events)`.execute(this.deps.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** One dedicated connection per process LISTENs; a notification for our schema wakes the pump. Reconnects when lost. */
  private async listen(): Promise<void> {
    const url = this.deps.config.DATABASE_URL!;
    const schema = this.deps.database.schema;
    const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    const retry = () => {
      if (this.stopped || this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(() => retry()), 1000).unref();
    };
    client.on('error', (err) => {
      this.deps.log.warn({ err }, 'live: LISTEN connection lost');
      retry();
    });
    client.on('end', retry);
    this.listener = client;
    await client.connect();
    const own = (await client.query<{ schema: string }>('select current_schema() as schema')).rows[0]!.schema;
    client.on('notification', (n) => {
      if (n.channel === LIVE_CHANNEL && n.payload === own) this.wake();
    });
    await client.query(`listen ${LIVE_CHANNEL}`);
    this.wake(); // whatever committed while we were not listening
  }
}
