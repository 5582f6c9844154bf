// The SQLite writer thread: a worker with its own connection to the node's database file that
// commits the group commit's appends (server/group-commit.ts) and runs the WAL checkpoints.
// better-sqlite3 is synchronous, so on the node's thread every wait for the disk or a lock was a
// wait for every room, socket and page of the process:
// - SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: ~4 MB copied and
//   two fsyncs, a 30-45 ms stall every few seconds at L1 (100 interview rooms);
// - a write behind another process's lock froze the process for the whole busy timeout;
// - synchronous=FULL (an fsync per commit, so a saved edit survives power loss) cost 2.6 ms p50,
//   10.7 ms p99 per commit on that thread.
// Here the appends commit with FULL on the worker's connection, and the node's connection stops
// checkpointing (wal_autocheckpoint=0). Everything else (loads, compaction, checkpoints of the
// history, the web routes) stays on Prisma. If the worker cannot start or dies, appends go back to
// Prisma on the node's thread and the connection checkpoints for itself again: slower, never lost.
import { Worker } from 'node:worker_threads'
import { DEFAULT_SQLITE_LOCK_TIMEOUT_MS, type Db } from '@/lib/db.server'
import type { ServerEnv } from '@/lib/env.server'
import type { Logger } from '@/lib/log'
import { BoardNotFoundError, type AppendOutcome, type MultiRoomAppend, type RoomUpdate } from '@/lib/persistence/update-log'
import { PrismaUpdateLog } from './persistence-prisma'

export type SqliteWriter = MultiRoomAppend & {
  /** The worker connection's synchronous setting (2 = FULL), or null once it fell back. */
  readonly synchronous: number | null
  stop(): Promise<void>
}

export type SqliteWriterOptions = {
  /** Where appends go while the worker is not running (the Prisma log on the node's thread). */
  fallback: MultiRoomAppend
  log: Pick<Logger, 'warn' | 'error'>
  /** How long the worker's writes wait for a lock (DB_LOCK_TIMEOUT_MS); it blocks only the worker. */
  lockTimeoutMs: number
  checkpointIntervalMs?: number
}

/** SQLite's default: checkpoint when the WAL passes this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000

type Reply = { ready?: true; synchronous?: number; id?: number; saved?: boolean[]; error?: string; checkpointError?: string }
type Pending = { entries: readonly RoomUpdate[]; resolve(outcomes: AppendOutcome[]): void; reject(error: unknown): void }

/** The writer thread for this process's database; null on Postgres, whose driver never blocks the loop. */
export async function sqliteWriterFor(env: ServerEnv, db: Db, log: Pick<Logger, 'warn' | 'error'>): Promise<SqliteWriter | null> {
  if (env.DB_PROVIDER !== 'sqlite') return null
  return startSqliteWriter(db, { fallback: new PrismaUpdateLog(db), log, lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS ?? DEFAULT_SQLITE_LOCK_TIMEOUT_MS })
}

/** Never throws: a writer that cannot start is logged, and appends stay on the fallback. */
export async function startSqliteWriter(db: Db, options: SqliteWriterOptions): Promise<SqliteWriter> {
  try {
    return await start(db, options)
  } catch (error) {
    options.log.error('SQLite writer thread did not start; appends and checkpoints stay on the node thread', { error })
    return { appendEach: (entries) => options.fallback.appendEach(entries), synchronous: null, stop: async () => {} }
  }
}

async function start(db: Db, { fallback, log, lockTimeoutMs, checkpointIntervalMs = 1_000 }: SqliteWriterOptions): Promise<SqliteWriter> {
  const [main] = await db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list')
  if (!main?.file) throw new Error('the SQLite database has no file (in-memory?)')
  const worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), {
    workerData: { file: main.file, checkpointIntervalMs, busyTimeoutMs: lockTimeoutMs },
  })
  // Until the worker has the file open the connection keeps checkpointing: a worker that fails to
  // start leaves everything as SQLite has it by default.
  const ready = await new Promise<Reply>((resolve, reject) => {
    worker.on('message', (reply: Reply) => reply.ready && resolve(reply))
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`SQLite writer thread exited with ${code} before it was ready`)))
  })

  const pending = new Map<number, Pending>()
  let nextId = 1
  let running = true
  let stopping = false
  const fallBack = async (why: string, error?: unknown): Promise<void> => {
    if (!running) return
    running = false
    log.error(`SQLite writer thread ${why}; appends and checkpoints go back to the node thread`, { error })
    // Whatever was in flight may or may not have committed: failing it makes each room retry, and
    // an update applied twice is harmless to a Yjs document.
    for (const p of pending.values()) p.reject(new Error(`SQLite writer thread ${why}`))
    pending.clear()
    await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
  }
  worker.on('message', (reply: Reply) => {
    if (reply.checkpointError) return log.warn('WAL checkpoint failed', { error: reply.checkpointError })
    if (reply.id === undefined) return
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if (reply.error !== undefined || !reply.saved) return p.reject(new Error(reply.error ?? 'no outcome from the SQLite writer thread'))
    p.resolve(p.entries.map((e, i) => (reply.saved?.[i] ? { saved: true } : { saved: false, error: new BoardNotFoundError(e.room) })))
  })
  worker.on('error', (error) => void fallBack('failed', error))
  worker.on('exit', (code) => {
    if (!stopping) void fallBack(`exited with ${code}`)
  })
  await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0')
  // The worker must not keep a finished process alive; pending appends are awaited by their rooms.
  worker.unref()

  return {
    get synchronous() {
      return running ? (ready.synchronous ?? null) : null
    },
    appendEach(entries) {
      if (!running) return fallback.appendEach(entries)
      return new Promise<AppendOutcome[]>((resolve, reject) => {
        const id = nextId++
        pending.set(id, { entries, resolve, reject })
        // A view is cloned with its whole buffer (a ws frame, a Buffer pool slab): send its bytes only.
        worker.postMessage({ id, entries: entries.map(({ room, update }) => ({ room, update: ownBytes(update) })) })
      })
    },
    async stop() {
      if (!running) return
      stopping = true
      running = false
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
      // Referenced again, or a process with nothing else left would exit before the worker does.
      worker.ref()
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop')
      await exited
      for (const p of pending.values()) p.reject(new Error('SQLite writer thread stopped'))
      pending.clear()
    },
  }
}

function ownBytes(update: Uint8Array): Uint8Array {
  return update.byteOffset === 0 && update.byteLength === update.buffer.byteLength ? update : update.slice()
}
