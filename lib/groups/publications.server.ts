// Boards published to a group. A publication gives the group's members viewer access to the live
// board; the rule itself lives in lib/boards/access.server.ts.
import { db } from '@/lib/db.server'

/** `publishedById` is for the pages' "may unpublish" check; the API answers without it. */
export type PublishedBoard = { id: string; title: string; publishedBy: string; publishedById: string; publishedAt: string }

export async function listGroupBoards(groupId: string): Promise<PublishedBoard[]> {
  const client = await db()
  const rows = await client.groupBoard.findMany({
    where: { groupId },
    orderBy: { publishedAt: 'desc' },
    select: { publishedAt: true, board: { select: { id: true, title: true } }, publishedBy: { select: { id: true, name: true } } },
  })
  return rows.map((row) => ({ id: row.board.id, title: row.board.title, publishedBy: row.publishedBy.name, publishedById: row.publishedBy.id, publishedAt: row.publishedAt.toISOString() }))
}

/** Publishes the board; publishing it again is a no-op that answers the existing publication. */
export async function publishBoard(groupId: string, boardId: string, userId: string): Promise<{ board: PublishedBoard; created: boolean }> {
  const client = await db()
  const existing = await client.groupBoard.findUnique({ where: { groupId_boardId: { groupId, boardId } }, select: { groupId: true } })
  const row = await client.groupBoard.upsert({
    where: { groupId_boardId: { groupId, boardId } },
    create: { groupId, boardId, publishedById: userId },
    update: {},
    select: { publishedAt: true, board: { select: { id: true, title: true } }, publishedBy: { select: { id: true, name: true } } },
  })
  return {
    board: { id: row.board.id, title: row.board.title, publishedBy: row.publishedBy.name, publishedById: row.publishedBy.id, publishedAt: row.publishedAt.toISOString() },
    created: existing === null,
  }
}

/** Who published the board to the group, or null when it is not published there. */
export async function publisherOf(groupId: string, boardId: string): Promise<string | null> {
  const client = await db()
  const row = await client.groupBoard.findUnique({ where: { groupId_boardId: { groupId, boardId } }, select: { publishedById: true } })
  return row?.publishedById ?? null
}

/** The API's view of a publication: who published it by name only. */
export function publicPublication({ id, title, publishedBy, publishedAt }: PublishedBoard): Omit<PublishedBoard, 'publishedById'> {
  return { id, title, publishedBy, publishedAt }
}

export async function unpublishBoard(groupId: string, boardId: string): Promise<void> {
  const client = await db()
  await client.groupBoard.deleteMany({ where: { groupId, boardId } })
}
