import { checkpointFrames } from '@/lib/history/checkpoints.server'
import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { replayView, replayWindow } from '@/lib/interviews/replay'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const { facts } = who.value
  const { fromMs, toMs } = replayWindow(facts.clock, facts.createdAt.getTime(), Date.now())
  const frames = await checkpointFrames(facts.boardId, fromMs, toMs)
  return Response.json(replayView(facts.clock, frames), { headers: { 'cache-control': 'no-store' } })
}
