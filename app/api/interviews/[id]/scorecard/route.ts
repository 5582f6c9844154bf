import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { jsonError, readJson } from '@/lib/http/json'
import { scorecardSchema } from '@/lib/interviews/contract'
import { saveScorecard } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function PUT(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const body = await readJson(req, scorecardSchema)
  if (!body.ok) return body.response
  const saved = await saveScorecard(who.value.facts, body.data)
  if (!saved.ok) return jsonError(400, saved.error)
  return Response.json(saved.scorecard)
}
