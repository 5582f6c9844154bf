// SQLite WAL checkpoints off the node's thread. By default SQLite checkpoints inside the commit
// that pushes the WAL past 1,000 pages: on the connection that commits, i.e. the sync node's only
// thread, where it copies ~4 MB back into the database and fsyncs twice (synchronous=NORMAL). At
// L1's load that was a 30-45 ms stall every few seconds, the largest item in the node's loop-lag
// tail. Here the node's connection stops checkpointing and a worker thread with its own connection
// does it on a timer. Should the worker fail, the connection checkpoints for itself again: the WAL
// must never grow without bound.
import { Worker } from 'node:worker_threads'
import type { Db } from '@/lib/db.server'
import type { Logger } from '@/lib/log'

export type WalCheckpointer = { stop(): Promise<void> }

export type WalCheckpointerOptions = { intervalMs?: number; log: Pick<Logger, 'warn' | 'error'> }

/** SQLite's default: checkpoint when the WAL passes this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000

/** Never throws: a checkpointer that cannot start is logged, and SQLite keeps checkpointing itself. */
export async function startWalCheckpointer(db: Db, options: WalCheckpointerOptions): Promise<WalCheckpointer> {
  try {
    return await start(db, options)
  } catch (error) {
    options.log.error('WAL checkpointer did not start; the database connection checkpoints for itself', { error })
    return { stop: async () => {} }
  }
}

async function start(db: Db, { intervalMs = 1_000, log }: WalCheckpointerOptions): Promise<WalCheckpointer> {
  const [main] = await db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list')
  if (!main?.file) throw new Error('the SQLite database has no file (in-memory?): nothing to checkpoint')
  const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file: main.file, intervalMs, busyTimeoutMs: 5_000 },
  })
  const fallBack = async (why: string, error?: unknown): Promise<void> => {
    log.error(`WAL checkpointer ${why}; the database connection checkpoints for itself again`, { error })
    await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
  }
  // Until the worker has the file open, the connection keeps checkpointing: a worker that fails
  // to start leaves everything as SQLite has it by default.
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: { ready?: boolean }) => message.ready && resolve())
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`WAL checkpoint worker exited with ${code} before it was ready`)))
  })
  let stopping = false
  worker.on('message', (message: { error?: string }) => {
    if (message.error) log.warn('WAL checkpoint failed', { error: message.error })
  })
  worker.on('error', (error) => void fallBack('failed', error))
  worker.on('exit', (code) => {
    if (!stopping) void fallBack(`exited with ${code}`)
  })
  await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0')
  // The worker's timer must not keep a finished process alive.
  worker.unref()
  return {
    async stop() {
      stopping = true
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`).catch(() => undefined)
      // Referenced again, or a process with nothing else left would exit before the worker does.
      worker.ref()
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop')
      await exited
    },
  }
}
