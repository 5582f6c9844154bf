// A board's current content as one Yjs update, read from its event log (snapshot plus the rows
// after it) in one transaction. Used to copy a board (fork, publish as template). What a live
// room has received but not yet committed (a few milliseconds of batching) is not included: a
// copy holds what was saved, which is what the "Saved" indicator promised.
import * as Y from 'yjs'
import { applyStoredUpdate } from '@/lib/board/stored-records'
import { db } from '@/lib/db.server'

export async function readBoardDocument(boardId: string): Promise<Uint8Array | null> {
  const client = await db()
  return client.$transaction(async (tx) => {
    const board = await tx.board.findUnique({ where: { id: boardId }, select: { id: true } })
    if (!board) return null
    const snapshot = await tx.boardSnapshot.findUnique({ where: { boardId } })
    const rows = await tx.boardUpdate.findMany({
      where: { boardId, id: { gt: snapshot?.upToId ?? 0 } },
      orderBy: { id: 'asc' },
      select: { data: true },
    })
    const updates = [...(snapshot ? [snapshot.data] : []), ...rows.map((r) => r.data)]
    if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc())
    // Apply rather than Y.mergeUpdates: the copy should be a clean, garbage-collected state.
    const doc = new Y.Doc()
    // A log no client could have written (B12) is UnreadableDocumentError, which callers can answer with 422.
    for (const update of updates) applyStoredUpdate(doc, update)
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return state
  })
}
