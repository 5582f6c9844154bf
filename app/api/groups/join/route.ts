import { inviteErrors, joinWithInvite } from '@/lib/groups/invites.server'
import { joinGroupSchema } from '@/lib/groups/schemas'
import { requireUser } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  const body = await readJson(req, joinGroupSchema)
  if (!body.ok) return body.response
  const outcome = await joinWithInvite(body.data.token, who.value.id)
  if (!outcome.ok) return jsonError(outcome.reason === 'revoked' ? 410 : 404, inviteErrors[outcome.reason])
  return Response.json({ id: outcome.group.id, name: outcome.group.name, joined: outcome.joined })
}
