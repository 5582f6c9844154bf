// The body of the SQLite writer thread (server/sqlite-writer.ts): its own connection to the node's
// database file, on which it commits the group commit's appends, compacts board logs, writes the
// rooms' history checkpoints and runs the WAL checkpoints. Whatever waits for the disk or a lock, or spends a few hundred milliseconds
// merging a large board, does it here, never on the node's thread.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { checkpointsToDrop } from '@/lib/history/retention'
import { toRetentionEntry } from '@/lib/persistence/checkpoint-meta'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import type { CompactionResult, RoomUpdate } from '@/lib/persistence/update-log'

/** A history checkpoint's row (lib/persistence/checkpoint-meta.ts columns), `at` in epoch ms. */
export type CheckpointRow = { room: string; state: Uint8Array; at: number; kind: string; name: string | null; authors: string }

export type WriterRequest = { id: number; append: RoomUpdate[] } | { id: number; compact: string } | { id: number; checkpoint: CheckpointRow } | 'stop'
export type WriterReply =
  | { ready: true; synchronous: number }
  | { id: number; saved: boolean[] }
  | { id: number; compacted: CompactionResult | null | 'gone' }
  | { id: number; checkpointed: number | 'gone' }
  | { id: number; error: string }
  | { checkpointError: string }

const config = z.object({ file: z.string().min(1), checkpointIntervalMs: z.number().int().positive(), busyTimeoutMs: z.number().int().nonnegative() }).parse(workerData)
const port = parentPort
if (!port) throw new Error('sqlite-writer-thread runs as a worker thread')
const reply = (message: WriterReply): void => port.postMessage(message)

const db = new Database(config.file, { fileMustExist: true, timeout: config.busyTimeoutMs })
// Per connection: the appends committed here fsync the WAL before they are acknowledged, so a
// saved edit survives power loss too. Affordable because this thread, not the node's, waits.
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')

/** Prisma's text form of a DateTime on SQLite, so rows read back the same whoever wrote them. */
const prismaDateTime = (at = Date.now()): string => new Date(at).toISOString().replace('Z', '+00:00')

// The row only if the board exists: no row means the board is gone (as PrismaUpdateLog reports it).
const insert = db.prepare<[Uint8Array, string, string]>('INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") SELECT "id", ?, ? FROM "Board" WHERE "id" = ?')
const appendAll = db.transaction((entries: RoomUpdate[], at: string) => entries.map((e) => insert.run(e.update, at, e.room).changes === 1))

// The same steps as PrismaUpdateLog.compact, in one transaction: rows appended meanwhile have
// larger ids and survive for the next compaction; a crash at any step rolls all of it back.
const boardExists = db.prepare<[string], { id: string }>('SELECT "id" FROM "Board" WHERE "id" = ?')
const readSnapshot = db.prepare<[string], { data: Uint8Array; upToId: number }>('SELECT "data", "upToId" FROM "BoardSnapshot" WHERE "boardId" = ?')
const readRows = db.prepare<[string, number], { id: number; data: Uint8Array }>('SELECT "id", "data" FROM "BoardUpdate" WHERE "boardId" = ? AND "id" > ? ORDER BY "id"')
const writeSnapshot = db.prepare<[string, Uint8Array, number, string]>(
  'INSERT INTO "BoardSnapshot" ("boardId", "data", "upToId", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("boardId") DO UPDATE SET "data" = excluded."data", "upToId" = excluded."upToId", "updatedAt" = excluded."updatedAt"',
)
const deleteRows = db.prepare<[string, number]>('DELETE FROM "BoardUpdate" WHERE "boardId" = ? AND "id" <= ?')
const compact = db.transaction((room: string): CompactionResult | null | 'gone' => {
  if (!boardExists.get(room)) return 'gone'
  const snapshot = readSnapshot.get(room)
  const rows = readRows.all(room, snapshot?.upToId ?? 0)
  const last = rows.at(-1)
  if (!last) return null
  const data = mergeToSnapshot(snapshot?.data ?? null, rows.map((r) => r.data))
  writeSnapshot.run(room, data, last.id, prismaDateTime())
  deleteRows.run(room, last.id)
  return { foldedRows: rows.length, snapshotBytes: data.byteLength }
})
// IMMEDIATE: take the write lock before reading, so no other writer slips in between the read and
// the write (a deferred transaction would then fail to upgrade and throw SQLITE_BUSY_SNAPSHOT).
const compactNow = (room: string): CompactionResult | null | 'gone' => compact.immediate(room)

// The same steps as PrismaUpdateLog.checkpoint: the row, then the retention policy's deletions.
// On the node's own connection this transaction read (the board, the kept rows) before it wrote,
// and a commit of this thread in between made SQLite refuse the write at once (SQLITE_BUSY or
// SQLITE_BUSY_SNAPSHOT, no busy wait): ~40 failed checkpoints a minute at L1's 100 rooms.
const insertCheckpoint = db.prepare<[string, string, Uint8Array, string, string | null, string]>(
  'INSERT INTO "BoardCheckpoint" ("boardId", "at", "data", "kind", "name", "authors") VALUES (?, ?, ?, ?, ?, ?)',
)
const keptCheckpoints = db.prepare<[string], { id: number; at: string | number; kind: string }>('SELECT "id", "at", "kind" FROM "BoardCheckpoint" WHERE "boardId" = ?')
const deleteCheckpoint = db.prepare<[number, string]>('DELETE FROM "BoardCheckpoint" WHERE "id" = ? AND "boardId" = ?')
const checkpoint = db.transaction((row: CheckpointRow): number | 'gone' => {
  if (!boardExists.get(row.room)) return 'gone'
  const id = Number(insertCheckpoint.run(row.room, prismaDateTime(row.at), row.state, row.kind, row.name, row.authors).lastInsertRowid)
  const entries = keptCheckpoints.all(row.room).map((r) => toRetentionEntry({ id: r.id, at: new Date(r.at), kind: r.kind }))
  // Ages are measured from the newest checkpoint (the one just written), as in PrismaUpdateLog.
  for (const drop of checkpointsToDrop(entries, Math.max(...entries.map((e) => e.at)))) deleteCheckpoint.run(drop, row.room)
  return id
})

reply({ ready: true, synchronous: Number(db.pragma('synchronous', { simple: true })) })

const checkpointRows = z.array(z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() }))
const timer = setInterval(() => {
  try {
    checkpointRows.parse(db.pragma('wal_checkpoint(PASSIVE)'))
  } catch (error) {
    // Reported, not fatal: the next tick tries again, and the WAL only grows meanwhile.
    reply({ checkpointError: error instanceof Error ? error.message : String(error) })
  }
}, config.checkpointIntervalMs)

port.on('message', (message: WriterRequest) => {
  if (message === 'stop') {
    clearInterval(timer)
    db.close()
    port.close()
    return
  }
  try {
    // IMMEDIATE here too: an INSERT ... SELECT that reads before it takes the write lock could
    // otherwise meet a commit in between and fail instead of waiting.
    if ('append' in message) reply({ id: message.id, saved: appendAll.immediate(message.append, prismaDateTime()) })
    else if ('checkpoint' in message) reply({ id: message.id, checkpointed: checkpoint.immediate(message.checkpoint) })
    else reply({ id: message.id, compacted: compactNow(message.compact) })
  } catch (error) {
    // The transaction rolled back: nothing of this request was committed.
    reply({ id: message.id, error: error instanceof Error ? error.message : String(error) })
  }
})
