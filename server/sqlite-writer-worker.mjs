// @ts-check
// The SQLite writer thread (server/sqlite-writer.ts): its own connection to the node's database
// file, on which it commits the group commit's appends and runs the WAL checkpoints. Whatever
// waits for the disk or for a lock waits here, never on the node's thread.
// Plain JavaScript: a worker thread does not inherit tsx's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { z } from 'zod'

const config = z
  .object({ file: z.string().min(1), checkpointIntervalMs: z.number().int().positive(), busyTimeoutMs: z.number().int().nonnegative() })
  .parse(workerData)
const port = parentPort
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread')

const db = new Database(config.file, { fileMustExist: true, timeout: config.busyTimeoutMs })
// Per connection: the appends committed here fsync the WAL before they are acknowledged, so a
// saved edit survives power loss too. Affordable because this thread, not the node's, waits.
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')
// The row only if the board exists: no row means the board is gone (as PrismaUpdateLog reports it).
const insert = db.prepare('INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") SELECT "id", ?, ? FROM "Board" WHERE "id" = ?')
/** @type {(entries: { room: string; update: Uint8Array }[], at: string) => boolean[]} */
const appendAll = db.transaction((entries, at) => entries.map((e) => insert.run(e.update, at, e.room).changes === 1))
const checkpointRows = z.array(z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() }))

/** Prisma's text form of a DateTime on SQLite, so rows read back the same whoever wrote them. */
const prismaDateTime = () => new Date().toISOString().replace('Z', '+00:00')

port.postMessage({ ready: true, synchronous: db.pragma('synchronous', { simple: true }) })

const timer = setInterval(() => {
  try {
    checkpointRows.parse(db.pragma('wal_checkpoint(PASSIVE)'))
  } catch (error) {
    // Reported, not fatal: the next tick tries again, and the WAL only grows meanwhile.
    port.postMessage({ checkpointError: error instanceof Error ? error.message : String(error) })
  }
}, config.checkpointIntervalMs)

port.on('message', (/** @type {unknown} */ message) => {
  if (message === 'stop') {
    clearInterval(timer)
    db.close()
    port.close()
    return
  }
  const { id, entries } = /** @type {{ id: number; entries: { room: string; update: Uint8Array }[] }} */ (message)
  try {
    port.postMessage({ id, saved: appendAll(entries, prismaDateTime()) })
  } catch (error) {
    // The transaction rolled back: nothing of this group was committed.
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
