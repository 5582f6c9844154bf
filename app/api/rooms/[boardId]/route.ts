import { guestFromRequest } from '@/lib/auth/guest.server'
import { currentUser } from '@/lib/auth/session.server'
import { idSchema } from '@/lib/boards/schemas'
import { jsonError } from '@/lib/http/json'
import { sameOriginSyncUrl } from '@/lib/http/origin'
import { clientKey, RateLimiter } from '@/lib/http/rate-limit'
import { lookupRoom } from '@/lib/rooms/lookup.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ boardId: string }> }

/**
 * Room lookups per client address (reliability.md A13). Refused lookups (401, 403, 404) are what
 * probing board ids or share tokens produces, so they have the tight budget: 60 a minute, after
 * which the address gets 429 for every lookup until the window ends (as sign-in does). Answered
 * lookups are cheap and legitimate: a board page looks up on open, on every token refresh and on
 * every reconnect, and a class behind one NAT reconnects together after a node restart, so they
 * only have a flood bound (20 a second).
 */
const refusedPerClient = new RateLimiter(60, 60_000)
const perClient = new RateLimiter(1_200, 60_000)

function tooMany(): Response {
  return Response.json({ error: 'too many room lookups; wait a minute and try again' }, { status: 429, headers: { 'retry-after': '60' } })
}

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const client = clientKey(req)
  if (refusedPerClient.exhausted(client) || !perClient.take(client)) return tooMany()
  const refused = (status: number, error: string): Response => {
    // A 503 (no live node) is our fault, not the client's: it costs nothing.
    if (status === 401 || status === 403 || status === 404) refusedPerClient.take(client)
    return jsonError(status, error)
  }
  const { boardId } = await params
  const share = new URL(req.url).searchParams.get('share') ?? undefined
  const user = await currentUser()
  // An interview's candidate has no account: their guest cookie opens their interview's board.
  const guest = await guestFromRequest(req)
  if (!user && !share && !guest) return refused(401, 'sign in or use a share link')
  if (!idSchema.safeParse(boardId).success) return refused(404, 'board not found')
  // A node the client could not reach (lib/rooms/lookup.server.ts): only compared, never used.
  const avoid = new URL(req.url).searchParams.get('avoid')?.slice(0, 500) || undefined
  const result = await lookupRoom(boardId, { userId: user?.id, user, shareToken: share, guest: guest ?? undefined }, sameOriginSyncUrl(req), avoid)
  if (!result.ok) return refused(result.status, result.error)
  // The token is a credential: never cache it anywhere.
  return Response.json(result.lookup, { headers: { 'cache-control': 'no-store' } })
}
