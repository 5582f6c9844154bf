import { resolveBoardAccess } from '@/lib/boards/access.server'
import { publicPublication, publishBoard } from '@/lib/groups/publications.server'
import { publishBoardSchema } from '@/lib/groups/schemas'
import { requireGroupMember } from '@/lib/http/group-guard.server'
import { jsonError, readJson } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** Any member may publish, but only a board they own: publishing shares it with everyone in the group. */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireGroupMember(req, id, 'member')
  if (!member.ok) return member.response
  const body = await readJson(req, publishBoardSchema)
  if (!body.ok) return body.response
  const access = await resolveBoardAccess(body.data.boardId, { userId: member.value.user.id })
  if (!access.ok) return jsonError(404, 'board not found')
  if (access.role !== 'owner') return jsonError(403, "only the board's owner can publish it to a group")
  const { board, created } = await publishBoard(id, body.data.boardId, member.value.user.id)
  return Response.json(publicPublication(board), { status: created ? 201 : 200 })
}
