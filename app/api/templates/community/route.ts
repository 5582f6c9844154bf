// Community templates: GET is public like the built-in gallery; POST snapshots a board its caller owns.
import { resolveBoardAccess } from '@/lib/boards/access.server'
import { publishTemplateSchema } from '@/lib/community/schemas'
import { listCommunityTemplates, publishCommunityTemplate } from '@/lib/community/templates.server'
import { requireUser } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

export async function GET(): Promise<Response> {
  return Response.json(await listCommunityTemplates())
}

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  const body = await readJson(req, publishTemplateSchema)
  if (!body.ok) return body.response
  const { boardId, topic, summary } = body.data
  const access = await resolveBoardAccess(boardId, { userId: who.value.id })
  if (!access.ok) return jsonError(404, 'board not found')
  if (access.role !== 'owner') return jsonError(403, "only the board's owner can publish it as a template")
  const created = await publishCommunityTemplate({ boardId, topic, summary, authorId: who.value.id })
  if (!created) return jsonError(404, 'board not found')
  return Response.json(created, { status: 201 })
}
