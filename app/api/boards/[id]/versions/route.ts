// GET /api/boards/:id/versions: the board's version history, newest first. POST: name the board as
// it is now (docs/api.md "Board history"). Anyone who may open the board lists; editors name.
import { createVersionSchema, type VersionList, type VersionSummary } from '@/lib/history/contract'
import { createNamedVersion, listVersions } from '@/lib/history/versions.server'
import { requireVisitor } from '@/lib/http/guards.server'
import { jsonError, readJson } from '@/lib/http/json'
import { RateLimiter, clientKey } from '@/lib/http/rate-limit'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** Each named version is a full copy of the board and is never thinned: 30 a minute per client is plenty. */
const perClient = new RateLimiter(30, 60_000)

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const visitor = await requireVisitor(req, id, 'viewer', { candidates: 'refuse' })
  if (!visitor.ok) return visitor.response
  const body: VersionList = await listVersions(id)
  return Response.json(body)
}

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const visitor = await requireVisitor(req, id, 'editor', { candidates: 'refuse' })
  if (!visitor.ok) return visitor.response
  if (!perClient.take(clientKey(req))) return jsonError(429, 'too many versions named; wait a minute and try again')
  const body = await readJson(req, createVersionSchema)
  if (!body.ok) return body.response
  const version: VersionSummary | null = await createNamedVersion(id, body.data.name, visitor.value.displayName)
  if (!version) return jsonError(404, 'board not found')
  return Response.json(version, { status: 201 })
}
