import { createShareSchema } from '@/lib/boards/schemas'
import { createShare, listActiveShares } from '@/lib/boards/shares.server'
import { shareUrl } from '@/lib/boards/share-token'
import { requireMember } from '@/lib/http/guards.server'
import { readJson } from '@/lib/http/json'
import { publicOrigin } from '@/lib/http/origin'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'owner')
  if (!member.ok) return member.response
  return Response.json({ shares: await listActiveShares(id) })
}

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const member = await requireMember(req, id, 'owner')
  if (!member.ok) return member.response
  const body = await readJson(req, createShareSchema)
  if (!body.ok) return body.response
  const share = await createShare(id, member.value.user.id, body.data.role)
  return Response.json(
    { id: share.id, url: shareUrl(publicOrigin(req), id, share.token), token: share.token, role: share.role, createdAt: share.createdAt },
    { status: 201, headers: { 'cache-control': 'no-store' } },
  )
}
