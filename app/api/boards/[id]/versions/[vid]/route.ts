// GET /api/boards/:id/versions/:vid: one version's records, for a read-only preview
// (docs/api.md "Board history"). Anyone who may open the board.
import { z } from 'zod'
import type { VersionRecords } from '@/lib/history/contract'
import { readVersion } from '@/lib/history/versions.server'
import { requireVisitor } from '@/lib/http/guards.server'
import { jsonError } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; vid: string }> }

/** Decimal digits only ("1e3", " 7" and "0x10" name no version), within the id column's range. */
const versionIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(2 ** 31 - 1))

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id, vid } = await params
  const visitor = await requireVisitor(req, id, 'viewer', { candidates: 'refuse' })
  if (!visitor.ok) return visitor.response
  const versionId = versionIdSchema.safeParse(vid)
  // Malformed and foreign ids answer like unknown ones: 404, revealing nothing about other boards.
  if (!versionId.success) return jsonError(404, 'version not found')
  const body: VersionRecords | null = await readVersion(id, versionId.data)
  if (!body) return jsonError(404, 'version not found')
  return Response.json(body)
}
