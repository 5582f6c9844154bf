// The checks every board route starts with, so each handler reads as: who, may they, do it.
import { guestFromRequest } from '@/lib/auth/guest.server'
import { currentUser } from '@/lib/auth/session.server'
import type { PublicUser } from '@/lib/auth/users.server'
import { canWrite, roomRoleOf, type MemberRole, type Role } from '@/lib/auth/roles'
import { resolveBoardAccess } from '@/lib/boards/access.server'
import { isAtLeast } from '@/lib/boards/member-role'
import { idSchema } from '@/lib/boards/schemas'
import { isCrossOrigin } from './origin'
import { jsonError } from './json'

export type Guarded<T> = { ok: true; value: T } | { ok: false; response: Response }

export async function requireUser(req: Request): Promise<Guarded<PublicUser>> {
  if (req.method !== 'GET' && req.method !== 'HEAD' && isCrossOrigin(req)) {
    return { ok: false, response: jsonError(403, 'cross-origin request refused') }
  }
  const user = await currentUser()
  if (!user) return { ok: false, response: jsonError(401, 'sign in required') }
  return { ok: true, value: user }
}

export type MemberContext = { user: PublicUser; board: { id: string; title: string }; role: MemberRole }

/**
 * A signed-in member of the board with at least `min`. Not a member (or no such board): 404, so
 * board ids reveal nothing. A member without the needed role: 403, since they know it exists.
 * Share links do not open the REST API; they only open the board page and the room lookup.
 */
export async function requireMember(req: Request, boardId: string, min: MemberRole): Promise<Guarded<MemberContext>> {
  const who = await requireUser(req)
  if (!who.ok) return who
  if (!idSchema.safeParse(boardId).success) return { ok: false, response: jsonError(404, 'board not found') }
  const access = await resolveBoardAccess(boardId, { userId: who.value.id })
  if (!access.ok) return { ok: false, response: jsonError(access.status, access.error) }
  if (!isAtLeast(access.role, min)) {
    return { ok: false, response: jsonError(403, `this needs the ${min} role; you are ${access.role === 'viewer' ? 'a viewer' : 'an editor'}`) }
  }
  return { ok: true, value: { user: who.value, board: access.board, role: access.role } }
}

export type BoardVisitor = { board: { id: string; title: string }; role: Role; displayName: string }

/**
 * Anyone who may open the board: a member, a group viewer, a share link (`?share=`) or an
 * interview's candidate, as the room lookup admits them, with the room role they would get.
 * For the routes that follow the board itself (history, export), not board management. The same
 * 404-for-strangers rule as requireMember; too low a role: 403. `candidates: 'refuse'` keeps an
 * interview's candidate out (the board's past is the interviewer's).
 */
export async function requireVisitor(req: Request, boardId: string, min: Role, options: { candidates?: 'allow' | 'refuse' } = {}): Promise<Guarded<BoardVisitor>> {
  if (req.method !== 'GET' && req.method !== 'HEAD' && isCrossOrigin(req)) {
    return { ok: false, response: jsonError(403, 'cross-origin request refused') }
  }
  const share = new URL(req.url).searchParams.get('share') ?? undefined
  const user = await currentUser()
  const guest = await guestFromRequest(req)
  if (!user && !share && !guest) return { ok: false, response: jsonError(401, 'sign in or use a share link') }
  if (!idSchema.safeParse(boardId).success) return { ok: false, response: jsonError(404, 'board not found') }
  const access = await resolveBoardAccess(boardId, { userId: user?.id, shareToken: share, guest: guest ?? undefined })
  if (!access.ok) return { ok: false, response: jsonError(access.status, access.error) }
  // A candidate sees the board as it is from the moment they join. Its history holds what the
  // interviewer drew or typed before (perhaps deleted again), so routes that read it refuse them.
  if (options.candidates === 'refuse' && access.via === 'interview') {
    return { ok: false, response: jsonError(403, "an interview's candidate cannot open the board's history") }
  }
  const role = roomRoleOf(access.role)
  if (min === 'editor' && !canWrite(role)) return { ok: false, response: jsonError(403, 'this needs the editor role; you can only view this board') }
  const displayName = user?.name ?? (access.via === 'interview' && guest ? guest.name : 'Guest')
  return { ok: true, value: { board: access.board, role, displayName } }
}
