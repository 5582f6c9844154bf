// The check every group route starts with, like requireMember for boards: a signed-in member of
// the group. A group that does not exist and one the caller is not in both answer 404 with the
// same body, so group ids reveal nothing; a member without the owner role gets 403.
import type { PublicUser } from '@/lib/auth/users.server'
import { idSchema } from '@/lib/boards/schemas'
import { groupRoleOf } from '@/lib/groups/groups.server'
import type { GroupRole } from '@/lib/groups/schemas'
import { requireUser, type Guarded } from './guards.server'
import { jsonError } from './json'

export type GroupContext = { user: PublicUser; groupId: string; role: GroupRole }

export const groupNotFound = 'group not found'

export async function requireGroupMember(req: Request, groupId: string, min: GroupRole): Promise<Guarded<GroupContext>> {
  const who = await requireUser(req)
  if (!who.ok) return who
  if (!idSchema.safeParse(groupId).success) return { ok: false, response: jsonError(404, groupNotFound) }
  const role = await groupRoleOf(groupId, who.value.id)
  if (!role) return { ok: false, response: jsonError(404, groupNotFound) }
  if (min === 'owner' && role !== 'owner') return { ok: false, response: jsonError(403, "this needs the group's owner") }
  return { ok: true, value: { user: who.value, groupId, role } }
}
