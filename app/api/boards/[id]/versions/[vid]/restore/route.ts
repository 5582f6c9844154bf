// POST /api/boards/:id/versions/:vid/restore: make the board hold that version again, as a new
// change everyone connected sees at once (docs/api.md "Board history"). Editors only.
import { z } from 'zod'
import { db } from '@/lib/db.server'
import type { RestoreResult } from '@/lib/history/contract'
import { requestRestore } from '@/lib/history/restore-request.server'
import { versionSummary } from '@/lib/history/summary'
import { requireVisitor } from '@/lib/http/guards.server'
import { jsonError } from '@/lib/http/json'
import { RateLimiter, clientKey } from '@/lib/http/rate-limit'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; vid: string }> }

/** A restore rewrites what everyone sees: a handful a minute per client is plenty. */
const perClient = new RateLimiter(10, 60_000)

const versionIdSchema = z.coerce.number().int().positive().max(2 ** 31 - 1)

function restoreName(version: { name: string | null; at: Date }): string {
  const when = `${version.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return version.name ? `Restored "${version.name}" (${when})` : `Restored the version of ${when}`
}

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id, vid } = await params
  const visitor = await requireVisitor(req, id, 'editor', { candidates: 'refuse' })
  if (!visitor.ok) return visitor.response
  if (!perClient.take(clientKey(req))) return jsonError(429, 'too many restores; wait a minute and try again')
  const versionId = versionIdSchema.safeParse(vid)
  if (!versionId.success) return jsonError(404, 'version not found')
  const client = await db()
  const version = await client.boardCheckpoint.findFirst({ where: { id: versionId.data, boardId: id }, select: { at: true, name: true } })
  if (!version) return jsonError(404, 'version not found')
  const outcome = await requestRestore(id, versionId.data, { name: restoreName(version), by: visitor.value.displayName })
  if (!outcome.ok) return jsonError(outcome.status, outcome.error)
  const row = await client.boardCheckpoint.findUnique({ where: { id: outcome.versionId } })
  if (!row) return jsonError(503, 'the restore was applied but its version could not be read; reload the history')
  const body: RestoreResult = { restored: versionSummary(row) }
  return Response.json(body)
}
