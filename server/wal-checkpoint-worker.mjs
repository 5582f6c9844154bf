// @ts-check
// The body of the WAL checkpointer's worker thread (server/wal-checkpointer.ts): its own SQLite
// connection to the node's database file, copying the write-ahead log back into the database on
// a timer. PASSIVE never waits for readers or writers, so the node's appends keep going meanwhile.
// Plain JavaScript: a worker thread does not inherit tsx's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { z } from 'zod'

const config = z.object({ file: z.string().min(1), intervalMs: z.number().int().positive(), busyTimeoutMs: z.number().int().nonnegative() }).parse(workerData)
const port = parentPort
if (!port) throw new Error('wal-checkpoint-worker runs as a worker thread')

const db = new Database(config.file, { fileMustExist: true, timeout: config.busyTimeoutMs })
const rows = z.array(z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() }))

// Only now may the node's connection stop checkpointing for itself: the file is open here.
port.postMessage({ ready: true })

const timer = setInterval(() => {
  try {
    rows.parse(db.pragma('wal_checkpoint(PASSIVE)'))
  } catch (error) {
    // Reported, not fatal: the next tick tries again, and the WAL only grows meanwhile.
    port.postMessage({ error: error instanceof Error ? error.message : String(error) })
  }
}, config.intervalMs)

port.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
