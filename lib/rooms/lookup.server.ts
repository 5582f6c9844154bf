// GET /api/rooms/{boardId}: the access check, the owner pick and the room token, as one function
// the route handler calls. See docs/api.md ("Room lookup") for the contract.
import { roomRoleOf } from '@/lib/auth/roles'
import { signRoomToken } from '@/lib/auth/room-token'
import { resolveBoardAccess, type BoardAccess, type Who } from '@/lib/boards/access.server'
import type { Role } from '@/lib/auth/roles'
import { findUser, type PublicUser } from '@/lib/auth/users.server'
import { db } from '@/lib/db.server'
import { roomTokenSecret, serverEnv } from '@/lib/env.server'
import type { RoomLookup } from '@/lib/protocol/lookup'
import { boardRoom } from '@/lib/protocol/room-name'
import { presenceColor } from './presence-color'
import { rankNodes } from './rendezvous'
import { getRegistry } from './tier.server'

export type LookupResult = { ok: true; lookup: RoomLookup } | { ok: false; status: 401 | 403 | 404 | 503; error: string }

/**
 * `sameOriginUrl` is what a node registered with url '' means for this request (ws(s)://host/sync).
 * `avoid` is a node URL the client could not reach just now: a node killed -9 stays in the
 * registry until its lease runs out (6 s), and every client would otherwise retry it until then
 * (reliability matrix F1: reconnect p99 ≤ 5 s). The next node in rendezvous order is the one that
 * owns the room once the lease ends, and any node serves any room (edits relay over the bus), so
 * a wrong hint costs a cross-node hop, never correctness. Ignored when it would leave no node.
 */
export async function lookupRoom(boardId: string, who: Who & { user?: PublicUser | null }, sameOriginUrl: string, avoid?: string): Promise<LookupResult> {
  const access = await resolveBoardAccess(boardId, who)
  if (!access.ok) return access

  const room = boardRoom(access.board.id)
  const ranked = rankNodes(room, await getRegistry().liveNodes())
  const urlOf = (node: { url: string }): string => (node.url === '' ? sameOriginUrl : node.url)
  const owner = ranked.find((node) => urlOf(node) !== avoid) ?? ranked[0]
  if (!owner) return { ok: false, status: 503, error: 'no sync node is available; try again shortly' }

  const role = roomRoleOf(access.role)
  // Only a link gives a share id (group and member access have none to revoke a socket by).
  const shareId = typeof access.via === 'object' ? access.via.shareId : undefined
  // A signed-in person keeps their identity even when a link gave the role; sid still ties the
  // socket to the link so revoking it closes the socket.
  // The route has read the user already (`who.user`); a lookup runs on every board open and reconnect.
  const member = who.user !== undefined ? who.user : who.userId ? await findUser(who.userId) : null
  const { subject, name } = await identity(access.board.id, access.via, member, shareId, who, role)

  const env = serverEnv()
  const { token, expiresAt } = await signRoomToken(
    { room, subject, role, name: name.slice(0, 80), color: presenceColor(subject), shareId },
    { kid: env.ROOM_TOKEN_KID, secret: roomTokenSecret(env) },
    env.ROOM_TOKEN_TTL_SECONDS,
  )
  return {
    ok: true,
    lookup: { url: urlOf(owner), room, token, role, expiresAt: expiresAt.toISOString() },
  }
}

type Identity = { subject: string; name: string }

/**
 * Who the room token names, which presence shows. An interview's candidate is `guest:<gid>`
 * named "<name> (candidate)"; on an interview board everyone else with an account is shown as
 * "(interviewer)", so presence says who is who.
 */
async function identity(
  boardId: string,
  via: Extract<BoardAccess, { ok: true }>['via'],
  member: PublicUser | null,
  shareId: string | undefined,
  who: Who,
  role: Role,
): Promise<Identity> {
  if (via === 'interview' && who.guest) return { subject: `guest:${who.guest.gid}`, name: `${who.guest.name} (candidate)` }
  if (!member) return { subject: `share:${shareId ?? 'unknown'}`, name: role === 'viewer' ? 'Guest (view only)' : 'Guest' }
  const client = await db()
  const interview = await client.interview.findUnique({ where: { boardId }, select: { id: true } })
  return { subject: member.id, name: interview ? `${member.name} (interviewer)` : member.name }
}
