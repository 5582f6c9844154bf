import { forkBoardSchema, forkTitle } from '@/lib/boards/fork'
import { forkBoard } from '@/lib/boards/fork.server'
import { requireMember } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** Anyone who may open the board (any member, a group viewer) gets their own copy. */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'viewer')
  if (!member.ok) return member.response
  const body = await readJson(req, forkBoardSchema)
  if (!body.ok) return body.response
  const fork = await forkBoard(id, member.value.user.id, body.data.title ?? forkTitle(member.value.board.title))
  if (!fork) return jsonError(404, 'board not found')
  return Response.json({ id: fork.id, title: fork.title }, { status: 201 })
}
