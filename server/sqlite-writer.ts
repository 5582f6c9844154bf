// The SQLite writer thread: a worker with its own connection to the node's database file that
// commits the group commit's appends (server/group-commit.ts), compacts board logs and runs the
// WAL checkpoints (body: server/sqlite-writer-thread.ts). better-sqlite3 is synchronous, so on the
// node's thread every wait for the disk or a lock was a wait for every room, socket and page of
// the process:
// - SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: ~4 MB copied and
//   two fsyncs, a 30-45 ms stall every few seconds at L1 (100 interview rooms);
// - a write behind another process's lock froze the process for the whole busy timeout;
// - synchronous=FULL (an fsync per commit, so a saved edit survives power loss) cost 2.6 ms p50,
//   10.7 ms p99 per commit on that thread;
// - compacting a large board (read the snapshot and rows through Prisma, merge them in Yjs, write
//   the snapshot) took 150-390 ms at L2's 200 updates/s in one room, every few seconds;
// - a history checkpoint's transaction read before it wrote, so a commit of this thread in between
//   made SQLite refuse its write outright: ~40 failed checkpoints a minute at L1 (the L6 soak).
// Here appends commit with FULL on the worker's connection, compactions and history checkpoints
// run there in IMMEDIATE transactions, and the node's connection stops checkpointing
// (wal_autocheckpoint=0). Loads and the web routes stay on Prisma. If the worker cannot start or dies, everything goes back to Prisma on the
// node's thread and the connection checkpoints for itself again: slower, never lost.
import { Worker } from 'node:worker_threads'
import { DEFAULT_SQLITE_LOCK_TIMEOUT_MS, type Db } from '@/lib/db.server'
import type { ServerEnv } from '@/lib/env.server'
import type { Logger } from '@/lib/log'
import { checkpointColumns } from '@/lib/persistence/checkpoint-meta'
import { BoardNotFoundError, type AppendOutcome, type CompactionResult, type MultiRoomAppend, type UpdateLog } from '@/lib/persistence/update-log'
import type { WriterReply, WriterRequest } from './sqlite-writer-thread'

/** A log whose appends and compactions run on the writer thread, everything else on `base`. */
export type WriterLog = UpdateLog & MultiRoomAppend

export type SqliteWriter = {
  /** `base`'s log with appends and compactions moved to the thread (back on `base` if it dies). */
  log(base: WriterLog): WriterLog
  /** The worker connection's synchronous setting (2 = FULL), or null when not running. */
  readonly synchronous: number | null
  stop(): Promise<void>
}

export type SqliteWriterOptions = {
  log: Pick<Logger, 'warn' | 'error'>
  /** How long the worker's writes wait for a lock (DB_LOCK_TIMEOUT_MS); it blocks only the worker. */
  lockTimeoutMs: number
  checkpointIntervalMs?: number
}

/** SQLite's default: checkpoint when the WAL passes this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000

type Pending = { resolve(reply: WriterReply): void; reject(error: unknown): void }

/** The writer thread for this process's database; null on Postgres, whose driver never blocks the loop. */
export async function sqliteWriterFor(env: ServerEnv, db: Db, log: Pick<Logger, 'warn' | 'error'>): Promise<SqliteWriter | null> {
  if (env.DB_PROVIDER !== 'sqlite') return null
  return startSqliteWriter(db, { log, lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS ?? DEFAULT_SQLITE_LOCK_TIMEOUT_MS })
}

/** Never throws: a writer that cannot start is logged, and appends stay on the fallback. */
export async function startSqliteWriter(db: Db, options: SqliteWriterOptions): Promise<SqliteWriter> {
  try {
    return await start(db, options)
  } catch (error) {
    options.log.error('SQLite writer thread did not start; appends, compactions and checkpoints stay on the node thread', { error })
    return { log: (base) => base, synchronous: null, stop: async () => {} }
  }
}

async function start(db: Db, { log, lockTimeoutMs, checkpointIntervalMs = 1_000 }: SqliteWriterOptions): Promise<SqliteWriter> {
  const [main] = await db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list')
  if (!main?.file) throw new Error('the SQLite database has no file (in-memory?)')
  const worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), {
    workerData: { file: main.file, checkpointIntervalMs, busyTimeoutMs: lockTimeoutMs },
  })
  // Until the worker has the file open the connection keeps checkpointing: a worker that fails to
  // start leaves everything as SQLite has it by default.
  const ready = await new Promise<number>((resolve, reject) => {
    worker.on('message', (reply: WriterReply) => 'ready' in reply && resolve(reply.synchronous))
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
    log.error(`SQLite writer thread ${why}; appends, compactions and checkpoints go back to the node thread`, { error })
    // Whatever was in flight may or may not have committed: failing it makes each room retry, and
    // an update applied twice is harmless to a Yjs document.
    for (const p of pending.values()) p.reject(new Error(`SQLite writer thread ${why}`))
    pending.clear()
    await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
  }
  worker.on('message', (reply: WriterReply) => {
    if ('checkpointError' in reply) return log.warn('WAL checkpoint failed', { error: reply.checkpointError })
    if (!('id' in reply)) return
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if ('error' in reply) p.reject(new Error(reply.error))
    else p.resolve(reply)
  })
  worker.on('error', (error) => void fallBack('failed', error))
  worker.on('exit', (code) => {
    if (!stopping) void fallBack(`exited with ${code}`)
  })
  await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0')
  // The worker must not keep a finished process alive; pending requests are awaited by their rooms.
  worker.unref()

  const request = (message: Exclude<WriterRequest, 'stop'>): Promise<WriterReply> =>
    new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject })
      worker.postMessage(message)
    })

  return {
    get synchronous() {
      return running ? ready : null
    },
    log(base) {
      return {
        load: (room) => base.load(room),
        append: (room, updates) => base.append(room, updates),
        async checkpoint(room, state, at, meta) {
          if (!running) return base.checkpoint(room, state, at, meta)
          const reply = await request({ id: nextId++, checkpoint: { room, state: ownBytes(state), at: at.getTime(), ...checkpointColumns(meta) } })
          if (!('checkpointed' in reply)) throw new Error('the SQLite writer thread answered a checkpoint with something else')
          if (reply.checkpointed === 'gone') throw new BoardNotFoundError(room)
          return reply.checkpointed
        },
        readCheckpoint: (room, id) => base.readCheckpoint(room, id),
        async appendEach(entries) {
          if (!running) return base.appendEach(entries)
          // A view is cloned with its whole buffer (a ws frame, a Buffer pool slab): send its bytes only.
          const reply = await request({ id: nextId++, append: entries.map(({ room, update }) => ({ room, update: ownBytes(update) })) })
          if (!('saved' in reply)) throw new Error('the SQLite writer thread answered an append with something else')
          return entries.map((e, i): AppendOutcome => (reply.saved[i] ? { saved: true } : { saved: false, error: new BoardNotFoundError(e.room) }))
        },
        async compact(room): Promise<CompactionResult | null> {
          if (!running) return base.compact(room)
          const reply = await request({ id: nextId++, compact: room })
          if (!('compacted' in reply)) throw new Error('the SQLite writer thread answered a compaction with something else')
          if (reply.compacted === 'gone') throw new BoardNotFoundError(room)
          return reply.compacted
        },
      }
    },
    async stop() {
      if (!running) return
      stopping = true
      running = false
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
      // Referenced again, or a process with nothing else left would exit before the worker does.
      worker.ref()
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop' satisfies WriterRequest)
      await exited
      for (const p of pending.values()) p.reject(new Error('SQLite writer thread stopped'))
      pending.clear()
    },
  }
}

function ownBytes(update: Uint8Array): Uint8Array {
  return update.byteOffset === 0 && update.byteLength === update.buffer.byteLength ? update : update.slice()
}
