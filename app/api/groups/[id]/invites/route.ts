import { invitePath } from '@/lib/groups/invite-token'
import { createInvite } from '@/lib/groups/invites.server'
import { requireGroupMember } from '@/lib/http/group-guard.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const owner = await requireGroupMember(req, id, 'owner')
  if (!owner.ok) return owner.response
  const invite = await createInvite(id, owner.value.user.id)
  return Response.json(
    { id: invite.id, token: invite.token, url: invitePath(invite.token), createdAt: invite.createdAt },
    { status: 201, headers: { 'cache-control': 'no-store' } },
  )
}
