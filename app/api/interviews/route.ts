import { requireUser } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'
import { createInterviewSchema } from '@/lib/interviews/contract'
import { inviteUrl } from '@/lib/interviews/invites.server'
import { createInterview, listInterviews } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

export async function GET(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  return Response.json(await listInterviews(who.value.id))
}

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  const body = await readJson(req, createInterviewSchema)
  if (!body.ok) return body.response
  const created = await createInterview(who.value, body.data)
  if (!created.ok) return jsonError(400, created.error)
  // The invite link is shown once, here and from POST .../invite; only its hash is stored.
  return Response.json({ ...created.view, inviteUrl: inviteUrl(created.inviteToken) }, { status: 201, headers: { 'cache-control': 'no-store' } })
}
