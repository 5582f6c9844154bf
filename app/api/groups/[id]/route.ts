import { groupDetails } from '@/lib/groups/groups.server'
import { publicPublication } from '@/lib/groups/publications.server'
import { groupNotFound, requireGroupMember } from '@/lib/http/group-guard.server'
import { jsonError } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireGroupMember(req, id, 'member')
  if (!member.ok) return member.response
  const group = await groupDetails(id, member.value.role)
  if (!group) return jsonError(404, groupNotFound)
  const { id: groupId, name, description, role, members, boards } = group
  return Response.json({ id: groupId, name, description, role, members: members.map((m) => ({ name: m.name })), boards: boards.map(publicPublication) })
}
