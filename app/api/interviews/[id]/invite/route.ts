import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { jsonError } from '@/lib/http/json'
import { status } from '@/lib/interviews/clock'
import { createInterviewInvite, inviteUrl, revokeInterviewInvites } from '@/lib/interviews/invites.server'
import { publishControl } from '@/lib/rooms/tier.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** A new invite link; an earlier one nobody used stops working. */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  if (status(who.value.facts.clock) === 'ended') return jsonError(409, 'the interview has ended')
  const token = await createInterviewInvite(id)
  return Response.json({ inviteUrl: inviteUrl(token) }, { status: 201, headers: { 'cache-control': 'no-store' } })
}

/** Revokes every invite, used or not: a candidate who joined with one loses access at once. */
export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const { revoked, hadGuest } = await revokeInterviewInvites(id)
  if (hadGuest) await publishControl({ type: 'access-changed', boardId: who.value.facts.boardId, at: Date.now() })
  return Response.json({ revoked })
}
