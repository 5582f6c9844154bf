// In-memory UpdateLog for tests and experiments. It can simulate slow or failing storage and a
// deleted board, which is how the sync node's failure paths are tested without a database.
import type { VersionKind } from '@/lib/history/contract'
import { checkpointsToDrop } from '@/lib/history/retention'
import { isCheckpointId, normalizeAuthors } from './checkpoint-meta'
import { mergeToSnapshot } from './compaction'
import { BoardNotFoundError, type AppendOutcome, type CheckpointMeta, type CompactionResult, type LoadedLog, type MultiRoomAppend, type RoomUpdate, type UpdateLog } from './update-log'

type Checkpoint = { id: number; at: Date; data: Uint8Array; kind: VersionKind; name: string | null; authors: string[] }
type Board = { snapshot: Uint8Array | null; upToId: number; rows: { id: number; data: Uint8Array }[]; checkpoints: Checkpoint[] }

export type MemoryUpdateLogOptions = {
  /** Create a board on first load or append (default true); false makes unknown rooms not found. */
  autoCreate?: boolean
}

export class MemoryUpdateLog implements UpdateLog, MultiRoomAppend {
  readonly #boards = new Map<string, Board>()
  #nextId = 1
  readonly #autoCreate: boolean
  /** Set to make the next calls fail (tests). Cleared by assigning undefined. */
  loadError: Error | undefined
  appendError: Error | undefined
  checkpointError: Error | undefined
  /** Delay before an append commits (tests of ack ordering and shutdown). */
  appendDelayMs = 0
  appendCalls = 0
  checkpointCalls = 0

  constructor(options: MemoryUpdateLogOptions = {}) {
    this.#autoCreate = options.autoCreate ?? true
  }

  createBoard(room: string): void {
    if (!this.#boards.has(room)) this.#boards.set(room, { snapshot: null, upToId: 0, rows: [], checkpoints: [] })
  }

  deleteBoard(room: string): void {
    this.#boards.delete(room)
  }

  #board(room: string): Board {
    if (this.#autoCreate) this.createBoard(room)
    const board = this.#boards.get(room)
    if (!board) throw new BoardNotFoundError(room)
    return board
  }

  async load(room: string): Promise<LoadedLog> {
    if (this.loadError) throw this.loadError
    const board = this.#board(room)
    return { snapshot: board.snapshot, updates: board.rows.map((r) => r.data) }
  }

  async append(room: string, updates: readonly Uint8Array[]): Promise<void> {
    this.appendCalls++
    if (this.appendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.appendDelayMs))
    if (this.appendError) throw this.appendError
    const board = this.#board(room)
    for (const data of updates) board.rows.push({ id: this.#nextId++, data: data.slice() })
  }

  /** One call for the whole group, as the Prisma log makes one statement of it: `appendError`
   *  fails every entry, a missing board fails only its own. */
  async appendEach(entries: readonly RoomUpdate[]): Promise<AppendOutcome[]> {
    this.appendCalls++
    if (this.appendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.appendDelayMs))
    if (this.appendError) throw this.appendError
    return entries.map(({ room, update }) => {
      try {
        this.#board(room).rows.push({ id: this.#nextId++, data: update.slice() })
        return { saved: true }
      } catch (error) {
        return { saved: false, error }
      }
    })
  }

  async compact(room: string): Promise<CompactionResult | null> {
    const board = this.#board(room)
    if (board.rows.length === 0) return null
    const folded = board.rows.slice()
    const snapshot = mergeToSnapshot(board.snapshot, folded.map((r) => r.data))
    const upTo = folded[folded.length - 1]?.id ?? board.upToId
    board.snapshot = snapshot
    board.upToId = upTo
    board.rows = board.rows.filter((r) => r.id > upTo)
    return { foldedRows: folded.length, snapshotBytes: snapshot.byteLength }
  }

  async checkpoint(room: string, state: Uint8Array, at: Date, meta?: CheckpointMeta): Promise<number> {
    this.checkpointCalls++
    if (this.checkpointError) throw this.checkpointError
    const board = this.#board(room)
    const id = this.#nextId++
    board.checkpoints.push({ id, at: new Date(at), data: state.slice(), kind: meta?.kind ?? 'auto', name: meta?.name ?? null, authors: normalizeAuthors(meta?.authors) })
    // The same retention as the Prisma log, measured from the newest checkpoint's time.
    const entries = board.checkpoints.map((c) => ({ id: c.id, at: c.at.getTime(), kind: c.kind }))
    const drop = new Set(checkpointsToDrop(entries, Math.max(...entries.map((e) => e.at))))
    if (drop.size > 0) board.checkpoints = board.checkpoints.filter((c) => !drop.has(c.id))
    return id
  }

  async readCheckpoint(room: string, id: number): Promise<Uint8Array | null> {
    if (!isCheckpointId(id)) return null
    const found = this.#boards.get(room)?.checkpoints.find((c) => c.id === id)
    return found ? found.data.slice() : null
  }

  /** Tests: the checkpoints stored for a room, in write order. */
  checkpoints(room: string): Checkpoint[] {
    return (this.#boards.get(room)?.checkpoints ?? []).map((c) => ({ ...c, at: new Date(c.at), data: c.data.slice(), authors: [...c.authors] }))
  }

  /** Tests: rows currently in the log (excluding the snapshot). */
  rowCount(room: string): number {
    return this.#boards.get(room)?.rows.length ?? 0
  }

  /** Tests: the whole stored state merged, as one update. */
  storedState(room: string): Uint8Array | null {
    const board = this.#boards.get(room)
    return board ? mergeToSnapshot(board.snapshot, board.rows.map((r) => r.data)) : null
  }
}
