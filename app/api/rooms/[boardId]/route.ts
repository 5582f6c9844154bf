import { guestFromRequest } from '@/lib/auth/guest.server'
import { currentUser } from '@/lib/auth/session.server'
import { idSchema } from '@/lib/boards/schemas'
import { jsonError } from '@/lib/http/json'
import { sameOriginSyncUrl } from '@/lib/http/origin'
import { lookupRoom } from '@/lib/rooms/lookup.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ boardId: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { boardId } = await params
  const share = new URL(req.url).searchParams.get('share') ?? undefined
  const user = await currentUser()
  // An interview's candidate has no account: their guest cookie opens their interview's board.
  const guest = await guestFromRequest(req)
  if (!user && !share && !guest) return jsonError(401, 'sign in or use a share link')
  if (!idSchema.safeParse(boardId).success) return jsonError(404, 'board not found')
  // A node the client could not reach (lib/rooms/lookup.server.ts): only compared, never used.
  const avoid = new URL(req.url).searchParams.get('avoid')?.slice(0, 500) || undefined
  const result = await lookupRoom(boardId, { userId: user?.id, shareToken: share, guest: guest ?? undefined }, sameOriginSyncUrl(req), avoid)
  if (!result.ok) return jsonError(result.status, result.error)
  // The token is a credential: never cache it anywhere.
  return Response.json(result.lookup, { headers: { 'cache-control': 'no-store' } })
}
