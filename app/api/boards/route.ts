import { createBoard, listBoardsFor } from '@/lib/boards/boards.server'
import { createBoardSchema } from '@/lib/boards/schemas'
import { requireUser } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'
import { communityTemplateDocument } from '@/lib/community/templates.server'
import { findTemplate, templateDocument } from '@/lib/templates/catalog'

export const dynamic = 'force-dynamic'

export async function GET(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  return Response.json({ boards: await listBoardsFor(who.value.id) })
}

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  const body = await readJson(req, createBoardSchema)
  if (!body.ok) return body.response
  const { title, template, variant, communityTemplate } = body.data
  if (template !== undefined) {
    const spec = findTemplate(template)
    if (!spec) return jsonError(400, `unknown template "${template}"; GET /api/templates lists them`)
    const board = await createBoard(who.value.id, title ?? spec.title, templateDocument(spec, variant ?? 'reference'))
    return Response.json(board, { status: 201 })
  }
  if (communityTemplate !== undefined) {
    const found = await communityTemplateDocument(communityTemplate)
    if (!found) return jsonError(400, 'no such community template; GET /api/templates/community lists them')
    return Response.json(await createBoard(who.value.id, title ?? found.title, found.document), { status: 201 })
  }
  // Unreachable (the schema requires a title when there is no template); keeps the types honest.
  if (title === undefined) return jsonError(400, 'title is required')
  return Response.json(await createBoard(who.value.id, title), { status: 201 })
}
