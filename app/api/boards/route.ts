import { createBoard, listBoardsFor } from '@/lib/boards/boards.server'
import { createBoardSchema } from '@/lib/boards/schemas'
import { requireUser } from '@/lib/http/guards.server'
import { readJson } from '@/lib/http/json'

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
  return Response.json(await createBoard(who.value.id, body.data.title), { status: 201 })
}
