// The checks every board route starts with, so each handler reads as: who, may they, do it.
import { currentUser } from '@/lib/auth/session.server'
import type { PublicUser } from '@/lib/auth/users.server'
import type { MemberRole } from '@/lib/auth/roles'
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
