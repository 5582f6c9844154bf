import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { interviewerViewOf } from '@/lib/interviews/interviews.server'
import { summaryMarkdown } from '@/lib/interviews/markdown'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const markdown = summaryMarkdown(await interviewerViewOf(who.value.facts))
  return new Response(markdown, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="interview-${id}.md"`,
      'cache-control': 'no-store',
    },
  })
}
