import { idSchema } from '@/lib/boards/schemas'
import { publisherOf, unpublishBoard } from '@/lib/groups/publications.server'
import { requireGroupMember } from '@/lib/http/group-guard.server'
import { jsonError } from '@/lib/http/json'
import { publishControl } from '@/lib/rooms/tier.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; boardId: string }> }

/**
 * The publisher or the group's owner. Sockets open on the board re-authorize at once: the nodes
 * close them and refuse older room tokens, so a member who lost access stops seeing the board.
 */
export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id, boardId } = await params
  const member = await requireGroupMember(req, id, 'member')
  if (!member.ok) return member.response
  const publisher = idSchema.safeParse(boardId).success ? await publisherOf(id, boardId) : null
  if (!publisher) return jsonError(404, 'this board is not published to this group')
  if (publisher !== member.value.user.id && member.value.role !== 'owner') {
    return jsonError(403, "only the board's publisher or the group's owner can unpublish it")
  }
  await unpublishBoard(id, boardId)
  await publishControl({ type: 'access-changed', boardId, at: Date.now() })
  return new Response(null, { status: 204 })
}
