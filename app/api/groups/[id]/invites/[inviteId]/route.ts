import { idSchema } from '@/lib/boards/schemas'
import { revokeInvite } from '@/lib/groups/invites.server'
import { requireGroupMember } from '@/lib/http/group-guard.server'
import { jsonError } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; inviteId: string }> }

export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id, inviteId } = await params
  const owner = await requireGroupMember(req, id, 'owner')
  if (!owner.ok) return owner.response
  if (!idSchema.safeParse(inviteId).success) return jsonError(404, 'invite not found')
  if ((await revokeInvite(id, inviteId)) === 'not-found') return jsonError(404, 'invite not found')
  return new Response(null, { status: 204 })
}
