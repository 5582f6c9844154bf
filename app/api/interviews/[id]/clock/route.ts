import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { jsonError, readJson } from '@/lib/http/json'
import { ClockError } from '@/lib/interviews/clock'
import { clockActionSchema } from '@/lib/interviews/contract'
import { changeClock, interviewerViewOf } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const body = await readJson(req, clockActionSchema)
  if (!body.ok) return body.response
  try {
    const changed = await changeClock(who.value.facts, body.data.action)
    if (!changed.ok) return jsonError(changed.status, changed.error)
    return Response.json(await interviewerViewOf(changed.facts))
  } catch (error) {
    if (error instanceof ClockError) return jsonError(409, error.message)
    throw error
  }
}
