// A board's checkpoints over a time window (docs/board-document.md "Checkpoints"), as frames a
// replay can step through: the state the window starts from, then every checkpoint inside it.
// Callers have checked who is asking (the interview replay route checks for an interviewer).
import { db, type Db } from '@/lib/db.server'
import { thinEvenly } from './thin'

export type CheckpointFrame = { at: number; update: Uint8Array }

/** A replay never ships more full states than this (a long, busy session is thinned evenly). */
export const MAX_FRAMES = 2_000

/**
 * The latest checkpoint at or before `fromMs` (the starting frame, if there is one), then every
 * checkpoint with fromMs < at <= toMs, ascending by time; at most `maxFrames`, thinned evenly and
 * always keeping the first and last. A window that ends before it starts holds only the starting
 * frame. Each `update` is the whole board at `at`: apply it to a fresh Y.Doc.
 */
export async function checkpointFrames(boardId: string, fromMs: number, toMs: number): Promise<CheckpointFrame[]> {
  return checkpointFramesFrom(await db(), boardId, fromMs, toMs)
}

/** checkpointFrames on a given client (tests use their own database). */
export async function checkpointFramesFrom(client: Db, boardId: string, fromMs: number, toMs: number, maxFrames = MAX_FRAMES): Promise<CheckpointFrame[]> {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError(`window must be finite, got ${fromMs}..${toMs}`)
  const from = new Date(fromMs)
  // Ties on `at` (two nodes holding the room, see the docs) are broken by insertion order.
  const order = [{ at: 'asc' as const }, { id: 'asc' as const }]
  // Choose frames by id and time first: a long session holds hundreds of full states, and only
  // the ones that survive thinning are worth reading.
  const start = await client.boardCheckpoint.findFirst({
    where: { boardId, at: { lte: from } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    select: { id: true },
  })
  const inside =
    toMs > fromMs
      ? await client.boardCheckpoint.findMany({
          where: { boardId, at: { gt: from, lte: new Date(toMs) } },
          orderBy: order,
          select: { id: true },
        })
      : []
  const ids = thinEvenly([...(start ? [start] : []), ...inside], maxFrames).map((row) => row.id)
  if (ids.length === 0) return []
  const rows = await client.boardCheckpoint.findMany({ where: { id: { in: ids } }, orderBy: order, select: { at: true, data: true } })
  return rows.map((row) => ({ at: row.at.getTime(), update: new Uint8Array(row.data) }))
}
