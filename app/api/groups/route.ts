import { createGroup, listGroupsFor } from '@/lib/groups/groups.server'
import { createGroupSchema } from '@/lib/groups/schemas'
import { requireUser } from '@/lib/http/guards.server'
import { readJson } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

export async function GET(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  return Response.json({ groups: await listGroupsFor(who.value.id) })
}

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  const body = await readJson(req, createGroupSchema)
  if (!body.ok) return body.response
  return Response.json(await createGroup(who.value.id, body.data.name, body.data.description), { status: 201 })
}
