// Board records and membership. Callers have already checked access (access.server.ts).
import { db } from '@/lib/db.server'
import { memberRoleSchema, type MemberRole } from '@/lib/auth/roles'

export type BoardSummary = { id: string; title: string; role: MemberRole; createdAt: string; updatedAt: string }

export async function listBoardsFor(userId: string): Promise<BoardSummary[]> {
  const client = await db()
  const rows = await client.boardMember.findMany({
    where: { userId },
    select: { role: true, board: { select: { id: true, title: true, createdAt: true, updatedAt: true } } },
    orderBy: { board: { updatedAt: 'desc' } },
  })
  return rows.flatMap((row) => {
    const role = memberRoleSchema.safeParse(row.role)
    if (!role.success) return []
    const { board } = row
    return [{ id: board.id, title: board.title, role: role.data, createdAt: board.createdAt.toISOString(), updatedAt: board.updatedAt.toISOString() }]
  })
}

/**
 * Creates a board owned by `userId`. `document`, when given, is a Yjs update holding the board's
 * starting content (a template, a fork): it becomes the first row of the board's event log, in
 * the same transaction, so a board never exists without the content it was created with.
 */
export async function createBoard(userId: string, title: string, document?: Uint8Array): Promise<BoardSummary> {
  const client = await db()
  const board = await client.board.create({
    data: {
      title,
      members: { create: { userId, role: 'owner' } },
      ...(document ? { updates: { create: { data: new Uint8Array(document) } } } : {}),
    },
  })
  return { id: board.id, title: board.title, role: 'owner', createdAt: board.createdAt.toISOString(), updatedAt: board.updatedAt.toISOString() }
}

export async function boardDetails(boardId: string, role: MemberRole): Promise<BoardSummary | null> {
  const client = await db()
  const board = await client.board.findUnique({ where: { id: boardId } })
  if (!board) return null
  return { id: board.id, title: board.title, role, createdAt: board.createdAt.toISOString(), updatedAt: board.updatedAt.toISOString() }
}

export async function renameBoard(boardId: string, title: string, role: MemberRole): Promise<BoardSummary> {
  const client = await db()
  const board = await client.board.update({ where: { id: boardId }, data: { title } })
  return { id: board.id, title: board.title, role, createdAt: board.createdAt.toISOString(), updatedAt: board.updatedAt.toISOString() }
}

/** Deletes the board and, by cascade, its members, shares and content log. */
export async function deleteBoard(boardId: string): Promise<void> {
  const client = await db()
  await client.board.deleteMany({ where: { id: boardId } })
}
