// A fork: a new board owned by the caller, holding a copy of the source board's saved content.
// Callers have already checked the caller may open the source (access.server.ts); the copy is
// taken from the event log, so the forker needs no write access to the source.
import { createBoard, type BoardSummary } from './boards.server'
import { readBoardDocument } from './board-document.server'

export async function forkBoard(sourceId: string, userId: string, title: string): Promise<BoardSummary | null> {
  const document = await readBoardDocument(sourceId)
  if (!document) return null
  return createBoard(userId, title, document)
}
