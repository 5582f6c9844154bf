// A board's version history (docs/api.md "Board history"): its checkpoints as versions, naming the
// board as it is now, and one version's records for a read-only preview. Callers have checked
// that the caller may see (or, to name one, edit) the board.
import { recordsFromDocument } from '@/lib/board/seed-document'
import { readBoardDocument } from '@/lib/boards/board-document.server'
import { db } from '@/lib/db.server'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { isCheckpointId } from '@/lib/persistence/checkpoint-meta'
import { isBoardNotFound } from '@/lib/persistence/update-log'
import type { VersionList, VersionRecords, VersionSummary } from './contract'
import { describeRetention } from './retention'
import { versionSummary } from './summary'

/** The list never ships more; retention keeps a board's automatic versions well below it. */
export const MAX_LISTED_VERSIONS = 500

/** Everything but the state: a list must not read hundreds of full boards. */
const summaryColumns = { id: true, at: true, kind: true, name: true, authors: true } as const

/** Newest first (ties, as when two nodes write at once, by newest write), at most 500. */
export async function listVersions(boardId: string): Promise<VersionList> {
  const client = await db()
  const rows = await client.boardCheckpoint.findMany({
    where: { boardId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: MAX_LISTED_VERSIONS,
    select: summaryColumns,
  })
  return { versions: rows.map(versionSummary), retention: describeRetention() }
}

/**
 * Stores the board's saved state (what the "Saved" indicator promised; a few milliseconds of
 * batching in a live room are not in it) as a named version by `authorName`. Written through the
 * update log so it gets the same checks and retention as the node's checkpoints. Null when the
 * board no longer exists.
 */
export async function createNamedVersion(boardId: string, name: string, authorName: string): Promise<VersionSummary | null> {
  const state = await readBoardDocument(boardId)
  if (!state) return null
  const client = await db()
  let id: number
  try {
    id = await new PrismaUpdateLog(client).checkpoint(boardId, state, new Date(), { kind: 'named', name, authors: [authorName] })
  } catch (error) {
    if (isBoardNotFound(error)) return null
    throw error
  }
  const row = await client.boardCheckpoint.findUnique({ where: { id }, select: summaryColumns })
  return row ? versionSummary(row) : null
}

/** One version of this board with its records; null for an unknown id or another board's. */
export async function readVersion(boardId: string, versionId: number): Promise<VersionRecords | null> {
  if (!isCheckpointId(versionId)) return null
  const client = await db()
  const row = await client.boardCheckpoint.findFirst({ where: { id: versionId, boardId }, select: { ...summaryColumns, data: true } })
  if (!row) return null
  return { version: versionSummary(row), records: recordsFromDocument(new Uint8Array(row.data)) }
}
