import { boardDetails, deleteBoard, renameBoard } from '@/lib/boards/boards.server'
import { renameBoardSchema } from '@/lib/boards/schemas'
import { requireMember } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'
import { publishControl } from '@/lib/rooms/tier.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'viewer')
  if (!member.ok) return member.response
  const board = await boardDetails(id, member.value.role)
  return board ? Response.json(board) : jsonError(404, 'board not found')
}

export async function PATCH(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'editor')
  if (!member.ok) return member.response
  const body = await readJson(req, renameBoardSchema)
  if (!body.ok) return body.response
  return Response.json(await renameBoard(id, body.data.title, member.value.role))
}

export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'owner')
  if (!member.ok) return member.response
  await deleteBoard(id)
  await publishControl({ type: 'board-deleted', boardId: id })
  return new Response(null, { status: 204 })
}
