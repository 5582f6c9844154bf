// The board update log on Prisma (SQLite by default, Postgres in scale-out). Every method runs in
// one transaction, so a load never sees a half-finished compaction (snapshot from after it, rows
// from before it, or the reverse), and a compaction never deletes a row it did not fold.
// Checkpoints (BoardCheckpoint) are rows of their own that compaction never touches; each write
// also applies the retention policy (lib/history/retention.ts) to the board's checkpoints.
import { Prisma, type PrismaClient } from '@/generated/sqlite/client'
import { checkpointsToDrop } from '@/lib/history/retention'
import { checkpointColumns, isCheckpointId, toRetentionEntry } from '@/lib/persistence/checkpoint-meta'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { BoardNotFoundError, type AppendOutcome, type CheckpointMeta, type CompactionResult, type LoadedLog, type MultiRoomAppend, type RoomUpdate, type UpdateLog } from '@/lib/persistence/update-log'

/** Both generated clients expose the same model API; lib/db.server.ts types the app against SQLite. */
type Client = PrismaClient
type Tx = Parameters<Parameters<Client['$transaction']>[0]>[0]

/**
 * A foreign key refused the write: the board was deleted. Model queries report it as P2003; raw
 * statements as P2010 with the driver adapter's error kind (the same on SQLite and Postgres).
 */
function isForeignKeyError(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false
  if (error.code === 'P2003') return true
  const cause: unknown = (error.meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause
  return typeof cause === 'object' && cause !== null && (cause as { kind?: unknown }).kind === 'ForeignKeyConstraintViolation'
}

/** Prisma wants an ArrayBuffer-backed array it may keep; never hand it a view of a ws buffer. */
function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data)
}

/**
 * The steps of a compaction, each inside its one transaction: the log was read; the snapshot was
 * written (old rows still present); the folded rows were deleted (not yet committed).
 */
export type CompactionStep = 'read' | 'snapshot-written' | 'rows-deleted'

export type PrismaUpdateLogOptions = {
  transactionTimeoutMs?: number
  /**
   * Called at each compaction step; a test throws or kills the process there to prove a crash at
   * any step leaves the board as it was (reliability matrix D3). A constructor option rather than
   * an env read, so production compaction carries no fault switch.
   */
  faultAt?: (step: CompactionStep) => void | Promise<void>
}

export class PrismaUpdateLog implements UpdateLog, MultiRoomAppend {
  constructor(
    private readonly db: Client,
    private readonly options: PrismaUpdateLogOptions = {},
  ) {}

  #tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const timeout = this.options.transactionTimeoutMs ?? 15_000
    return this.db.$transaction(fn, { timeout, maxWait: timeout })
  }

  async #assertBoard(tx: Tx, room: string): Promise<void> {
    const board = await tx.board.findUnique({ where: { id: room }, select: { id: true } })
    if (!board) throw new BoardNotFoundError(room)
  }

  /** The snapshot and the rows not yet folded into it, in append order. */
  async #readLog(tx: Tx, room: string) {
    await this.#assertBoard(tx, room)
    const snapshot = await tx.boardSnapshot.findUnique({ where: { boardId: room } })
    const rows = await tx.boardUpdate.findMany({
      where: { boardId: room, id: { gt: snapshot?.upToId ?? 0 } },
      orderBy: { id: 'asc' },
      select: { id: true, data: true },
    })
    return { snapshot, rows }
  }

  async load(room: string): Promise<LoadedLog> {
    return this.#tx(async (tx) => {
      const { snapshot, rows } = await this.#readLog(tx, room)
      return { snapshot: snapshot ? snapshot.data : null, updates: rows.map((r) => r.data) }
    })
  }

  async append(room: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return
    const [only] = updates
    if (updates.length === 1 && only) return this.#appendOne(room, only)
    try {
      await this.#tx(async (tx) => {
        // SQLite may run without foreign-key enforcement; check explicitly so a deleted board is
        // always reported as such instead of collecting orphan rows.
        await this.#assertBoard(tx, room)
        await tx.boardUpdate.createMany({ data: updates.map((u) => ({ boardId: room, data: bytes(u) })) })
      })
    } catch (error) {
      if (isForeignKeyError(error)) throw new BoardNotFoundError(room)
      throw error
    }
  }

  /**
   * The append batcher's path (it always merges a batch into one update): one statement that
   * inserts only if the board exists, atomic on its own, instead of an interactive transaction
   * with two model queries. Prisma 6's query compiler has no plan cache, so the transaction cost
   * ~1.4 ms of CPU per append against ~0.2 ms for this (measured on SQLite); at L1 (100 rooms,
   * ~500 appends/s) that was a quarter of the node's core (rows-perf notes). No row inserted
   * means the board is gone, as #assertBoard reports it. Postgres types the parameters from the
   * target columns (INSERT ... SELECT does not resolve them as text).
   */
  async #appendOne(room: string, update: Uint8Array): Promise<void> {
    let inserted: number
    try {
      inserted = await this.db.$executeRaw`INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") SELECT "id", ${bytes(update)}, ${new Date()} FROM "Board" WHERE "id" = ${room}`
    } catch (error) {
      if (isForeignKeyError(error)) throw new BoardNotFoundError(room)
      throw error
    }
    if (inserted === 0) throw new BoardNotFoundError(room)
  }

  /**
   * The group commit's path (server/group-commit.ts): the rows of many rooms in one multi-row
   * INSERT, one statement and one commit instead of one per room (at L1's 100 rooms, Prisma's
   * per-statement cost was the node's largest single item). A plain VALUES list so Postgres types
   * each parameter from its target column. Existence is the foreign key's job here (enforced on
   * both backends, see lib/db.server.ts): a deleted board fails the whole statement, which then
   * saved nothing, so each entry is retried on its own to tell the gone board from the rest.
   */
  async appendEach(entries: readonly RoomUpdate[]): Promise<AppendOutcome[]> {
    const at = new Date()
    const rows = entries.map(({ room, update }) => Prisma.sql`(${room}, ${bytes(update)}, ${at})`)
    if (rows.length === 0) return []
    try {
      await this.db.$executeRaw`INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES ${Prisma.join(rows)}`
      return entries.map(() => ({ saved: true }))
    } catch (error) {
      if (!isForeignKeyError(error)) throw error
    }
    return Promise.all(
      entries.map(({ room, update }) =>
        this.#appendOne(room, update).then(
          (): AppendOutcome => ({ saved: true }),
          (error: unknown): AppendOutcome => ({ saved: false, error }),
        ),
      ),
    )
  }

  async checkpoint(room: string, state: Uint8Array, at: Date, meta?: CheckpointMeta): Promise<number> {
    try {
      return await this.#tx(async (tx) => {
        await this.#assertBoard(tx, room)
        const row = await tx.boardCheckpoint.create({ data: { boardId: room, at, data: bytes(state), ...checkpointColumns(meta) }, select: { id: true } })
        await this.#applyRetention(tx, room)
        return row.id
      })
    } catch (error) {
      if (isForeignKeyError(error)) throw new BoardNotFoundError(room)
      throw error
    }
  }

  /** Deletes the automatic checkpoints the policy no longer keeps. Reads ids, times and kinds only
   *  (never the states), so it stays cheap next to the write that triggers it. */
  async #applyRetention(tx: Tx, room: string): Promise<void> {
    const rows = await tx.boardCheckpoint.findMany({ where: { boardId: room }, select: { id: true, at: true, kind: true } })
    const entries = rows.map(toRetentionEntry)
    // Ages are measured from the newest checkpoint (the one just written), see checkpointsToDrop.
    const now = Math.max(...entries.map((e) => e.at))
    const drop = checkpointsToDrop(entries, now)
    // In chunks: the first write after an upgrade may drop thousands of old rows, more than a
    // statement's bound parameters allow on some databases.
    for (let i = 0; i < drop.length; i += 500) {
      await tx.boardCheckpoint.deleteMany({ where: { boardId: room, id: { in: drop.slice(i, i + 500) } } })
    }
  }

  async readCheckpoint(room: string, id: number): Promise<Uint8Array | null> {
    if (!isCheckpointId(id)) return null
    // boardId in the filter: an id of another board's checkpoint reads as absent.
    const row = await this.db.boardCheckpoint.findFirst({ where: { id, boardId: room }, select: { data: true } })
    return row ? new Uint8Array(row.data) : null
  }

  async compact(room: string): Promise<CompactionResult | null> {
    return this.#tx(async (tx) => {
      const { snapshot, rows } = await this.#readLog(tx, room)
      const last = rows[rows.length - 1]
      if (!last) return null
      await this.options.faultAt?.('read')
      const data = bytes(mergeToSnapshot(snapshot?.data ?? null, rows.map((r) => r.data)))
      await tx.boardSnapshot.upsert({
        where: { boardId: room },
        create: { boardId: room, data, upToId: last.id },
        update: { data, upToId: last.id },
      })
      await this.options.faultAt?.('snapshot-written')
      // Rows appended after our read have larger ids and survive for the next compaction.
      await tx.boardUpdate.deleteMany({ where: { boardId: room, id: { lte: last.id } } })
      await this.options.faultAt?.('rows-deleted')
      return { foldedRows: rows.length, snapshotBytes: data.byteLength }
    })
  }
}
