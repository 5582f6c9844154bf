// The board as an event log (ARCHITECTURE "Persistence"): an optional compacted snapshot plus the
// rows appended since, merged in order, and full-state checkpoints beside it (docs/board-document.md
// "Checkpoints"). Implementations: memory-update-log.ts (tests) and server/persistence-prisma.ts
// (SQLite/Postgres). One contract suite runs against both.

export type LoadedLog = {
  /** Garbage-collected state of every row folded so far, or null before the first compaction. */
  snapshot: Uint8Array | null
  /** Rows appended after the snapshot, in append order. */
  updates: Uint8Array[]
}

export type CompactionResult = {
  /** Rows folded into the snapshot and deleted. */
  foldedRows: number
  snapshotBytes: number
}

/** What a checkpoint is, for the version history (lib/history/contract.ts). */
export type CheckpointMeta = {
  /** auto: taken while people edit; named: a person named the board as it was; restore: a restore. */
  kind: 'auto' | 'named' | 'restore'
  name?: string | null
  /** Display names of whoever edited since the previous checkpoint (at most 10 kept). */
  authors?: readonly string[]
}

export interface UpdateLog {
  /** Throws BoardNotFoundError when the board does not exist (never returns an empty log for it). */
  load(room: string): Promise<LoadedLog>
  /** Appends rows durably (committed when the promise resolves). Throws BoardNotFoundError when
   *  the board is gone, any other error when the write failed and may be retried. */
  append(room: string, updates: readonly Uint8Array[]): Promise<void>
  /** Folds the snapshot and every row present now into a new snapshot, atomically; rows appended
   *  meanwhile survive. Resolves null when there was nothing to fold. */
  compact(room: string): Promise<CompactionResult | null>
  /** Stores `state` (the whole board as one update) as the checkpoint taken at `at`. Checkpoints
   *  are separate from the log: compaction never folds or deletes them. Throws BoardNotFoundError
   *  when the board is gone, any other error when the write failed. `meta` defaults to an
   *  automatic checkpoint with no authors. Resolves the new checkpoint's id. */
  checkpoint(room: string, state: Uint8Array, at: Date, meta?: CheckpointMeta): Promise<number>
  /** One checkpoint's state, or null when this board has no checkpoint with that id. */
  readCheckpoint(room: string, id: number): Promise<Uint8Array | null>
}

/** One room's row in a multi-room append. */
export type RoomUpdate = { room: string; update: Uint8Array }

/** What became of one entry of a multi-room append: committed, or refused for that room alone. */
export type AppendOutcome = { saved: true } | { saved: false; error: unknown }

/**
 * A log that can commit rows of many rooms at once (server/group-commit.ts). Resolves one outcome
 * per entry, in order; an entry's error is BoardNotFoundError when its board is gone. Rejects when
 * nothing was committed and every entry may be retried (the database is down, say).
 */
export interface MultiRoomAppend {
  appendEach(entries: readonly RoomUpdate[]): Promise<AppendOutcome[]>
}

/** The board behind a room does not exist (never created, or deleted): close, do not retry. */
export class BoardNotFoundError extends Error {
  constructor(readonly room: string) {
    super(`board ${room} does not exist`)
    this.name = 'BoardNotFoundError'
  }
}

export function isBoardNotFound(error: unknown): error is BoardNotFoundError {
  return error instanceof BoardNotFoundError
}
