import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { jsonError } from '@/lib/http/json'
import { giveCandidateCopy } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** After the end: a read-only copy of the final board for the candidate (once; again answers it). */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const copy = await giveCandidateCopy(who.value.facts, who.value.user)
  if (!copy.ok) return jsonError(copy.status, copy.error)
  return Response.json({ boardId: copy.boardId, url: copy.url }, { status: copy.created ? 201 : 200 })
}
