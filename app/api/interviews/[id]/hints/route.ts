import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { jsonError, readJson } from '@/lib/http/json'
import { revealHintSchema } from '@/lib/interviews/contract'
import { interviewerViewOf, revealHint } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** Reveals one of the template's hints to the candidate (idempotent); answers the interviewer's view. */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const body = await readJson(req, revealHintSchema)
  if (!body.ok) return body.response
  const revealed = await revealHint(who.value.facts, body.data.index)
  if (!revealed.ok) return jsonError(revealed.status, revealed.error)
  return Response.json(await interviewerViewOf(revealed.facts))
}
