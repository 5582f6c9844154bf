import { idSchema } from '@/lib/boards/schemas'
import { revokeShare } from '@/lib/boards/shares.server'
import { requireMember } from '@/lib/http/guards.server'
import { jsonError } from '@/lib/http/json'
import { publishControl } from '@/lib/rooms/tier.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; shareId: string }> }

export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id, shareId } = await params
  const member = await requireMember(req, id, 'owner')
  if (!member.ok) return member.response
  if (!idSchema.safeParse(shareId).success) return jsonError(404, 'share not found')
  if ((await revokeShare(id, shareId)) === 'not-found') return jsonError(404, 'share not found')
  await publishControl({ type: 'share-revoked', boardId: id, shareId })
  return new Response(null, { status: 204 })
}
