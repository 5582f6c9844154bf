import { requireReader } from '@/lib/http/interview-guard.server'
import { interviewerViewOf, specOf } from '@/lib/interviews/interviews.server'
import { candidateView } from '@/lib/interviews/views'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** The interviewer's view for an interviewer, the candidate's for the candidate, 404 otherwise. */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireReader(req, id)
  if (!who.ok) return who.response
  const { facts } = who.value
  const view = who.value.role === 'interviewer' ? await interviewerViewOf(facts) : candidateView(facts, specOf(facts), Date.now())
  return Response.json(view, { headers: { 'cache-control': 'no-store' } })
}
