// The one Prisma client. In the embedded default the sync node (server/) and the Next.js route
// handlers live in one process but in two module graphs (Next bundles its own), so the client
// is kept on globalThis: both graphs then share one connection pool and one SQLite handle.
import type { PrismaClient as SqliteClient } from '@/generated/sqlite/client'
import { serverEnv } from './env.server'
import { createLogger, type Logger } from './log'

/** Both generated clients expose the same model API; the app is typed against the SQLite one. */
export type Db = SqliteClient

const slot = Symbol.for('designroom.db')
type Holder = { [slot]?: Promise<Db> }

export type OpenDbOptions = { log?: Pick<Logger, 'error'>; lockTimeoutMs?: number }

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000
/**
 * SQLite's default is shorter: better-sqlite3 waits for a lock synchronously, and this connection
 * lives on the thread that serves every room, socket and page, so a write behind another
 * process's lock (a migration, a backup tool, a test's `BEGIN IMMEDIATE`) froze the whole server
 * for the full wait, 10 s per retried append, about 70 % of an outage. The sync node's appends
 * now wait on their own thread (server/sqlite-writer.ts); what still writes here (compaction,
 * history checkpoints, the web routes) gives up after 1 s and retries or answers an error.
 */
export const DEFAULT_SQLITE_LOCK_TIMEOUT_MS = 1_000

/**
 * Durability at start-up (reliability matrix D5). A "saved" ack means the edit is committed:
 * - SQLite (the embedded, one-process default): WAL with synchronous=NORMAL on this connection,
 *   set explicitly. A commit here survives any process crash, kill -9 included (tests D2, F1); an
 *   OS crash or power loss may roll back the last commits, never corrupt the file
 *   (sqlite.org/pragma.html#pragma_synchronous). The sync node's appends, which are what a saved
 *   ack promises, commit on the SQLite writer thread's own connection with FULL (an fsync per
 *   group commit, server/sqlite-writer.ts): on this thread FULL cost 2.6 ms p50 / 10.7 ms p99 per
 *   commit, and a node offered 4,000 updates/s delivered 496/s, blocked rather than busy.
 * - Postgres: synchronous_commit=on is sent in every connection's startup packet, so a role or
 *   database default of `off` (a common tuning tip) cannot silently turn acks into promises.
 *   fsync is server-wide; we cannot set it, so a cluster running without it is reported.
 * A write blocked on a lock fails after `lockTimeoutMs` on both backends (SQLite's busy timeout,
 * 1 s by default; Postgres lock_timeout, 10 s), so the sync node reports "not saved" and retries
 * instead of waiting silently: without it a Postgres append behind a held table lock hung for
 * good (Prisma's transaction timeout does not cancel a running statement), and never told anyone
 * (F7).
 */
export async function openDb(provider: 'sqlite' | 'postgres', url: string, options: OpenDbOptions = {}): Promise<Db> {
  const { log = createLogger(), lockTimeoutMs = provider === 'sqlite' ? DEFAULT_SQLITE_LOCK_TIMEOUT_MS : DEFAULT_LOCK_TIMEOUT_MS } = options
  if (provider === 'postgres') {
    const [{ PrismaClient }, { ReleasingPrismaPg }] = await Promise.all([
      import('@/generated/postgres/client'),
      import('@/lib/persistence/pg-adapter.server'),
    ])
    const client = new PrismaClient({ adapter: new ReleasingPrismaPg({ connectionString: url, options: `-c synchronous_commit=on -c lock_timeout=${lockTimeoutMs}` }) })
    const [fsync] = await client.$queryRawUnsafe<{ fsync: string }[]>('SHOW fsync')
    if (fsync?.fsync !== 'on') log.error('postgres runs with fsync=off: acknowledged edits may be lost on an OS crash or power loss')
    return client as unknown as Db
  }
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import('@/generated/sqlite/client'),
    import('@prisma/adapter-better-sqlite3'),
  ])
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: lockTimeoutMs }) })
  // WAL also lets page reads proceed while the sync node appends to the update log.
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  // better-sqlite3 opens a WAL file at NORMAL already; said here so the choice is explicit and tested.
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  // better-sqlite3 builds with foreign keys on; the group commit relies on them to refuse rows of a
  // deleted board (server/persistence-prisma.ts appendEach), so that is not left to a build flag.
  await client.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  return client
}

async function createDb(): Promise<Db> {
  const env = serverEnv()
  return openDb(env.DB_PROVIDER, env.DATABASE_URL, { lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS })
}

export function db(): Promise<Db> {
  const holder = globalThis as Holder
  holder[slot] ??= createDb().catch((error: unknown) => {
    delete holder[slot]
    throw error
  })
  return holder[slot]
}
