// GET /api/rooms/{boardId}: the access check, the owner pick and the room token, as one function
// the route handler calls. See docs/api.md ("Room lookup") for the contract.
import { roomRoleOf } from '@/lib/auth/roles'
import { signRoomToken } from '@/lib/auth/room-token'
import { resolveBoardAccess, type Who } from '@/lib/boards/access.server'
import { findUser } from '@/lib/auth/users.server'
import { roomTokenSecret, serverEnv } from '@/lib/env.server'
import type { RoomLookup } from '@/lib/protocol/lookup'
import { boardRoom } from '@/lib/protocol/room-name'
import { presenceColor } from './presence-color'
import { pickOwnerNode } from './rendezvous'
import { getRegistry } from './tier.server'

export type LookupResult = { ok: true; lookup: RoomLookup } | { ok: false; status: 401 | 403 | 404 | 503; error: string }

/** `sameOriginUrl` is what a node registered with url '' means for this request (ws(s)://host/sync). */
export async function lookupRoom(boardId: string, who: Who, sameOriginUrl: string): Promise<LookupResult> {
  const access = await resolveBoardAccess(boardId, who)
  if (!access.ok) return access

  const room = boardRoom(access.board.id)
  const owner = pickOwnerNode(room, await getRegistry().liveNodes())
  if (!owner) return { ok: false, status: 503, error: 'no sync node is available; try again shortly' }

  const role = roomRoleOf(access.role)
  // Only a link gives a share id (group and member access have none to revoke a socket by).
  const shareId = typeof access.via === 'object' ? access.via.shareId : undefined
  // A signed-in person keeps their identity even when a link gave the role; sid still ties the
  // socket to the link so revoking it closes the socket.
  const member = who.userId ? await findUser(who.userId) : null
  const subject = member ? member.id : `share:${shareId ?? 'unknown'}`
  const name = member ? member.name : role === 'viewer' ? 'Guest (view only)' : 'Guest'

  const env = serverEnv()
  const { token, expiresAt } = await signRoomToken(
    { room, subject, role, name: name.slice(0, 80), color: presenceColor(subject), shareId },
    { kid: env.ROOM_TOKEN_KID, secret: roomTokenSecret(env) },
    env.ROOM_TOKEN_TTL_SECONDS,
  )
  return {
    ok: true,
    lookup: { url: owner.url === '' ? sameOriginUrl : owner.url, room, token, role, expiresAt: expiresAt.toISOString() },
  }
}
