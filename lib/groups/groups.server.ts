// Study groups and their members. Callers have already checked who may ask (lib/http/group-guard.server.ts).
import { db } from '@/lib/db.server'
import { groupRoleSchema, type GroupRole } from './schemas'
import { listGroupBoards, type PublishedBoard } from './publications.server'

export type GroupSummary = { id: string; name: string; description: string; role: GroupRole; createdAt: string }
export type GroupDetails = GroupSummary & { members: Array<{ name: string; role: GroupRole }>; boards: PublishedBoard[] }

/** Creates a group with `userId` as its owner. */
export async function createGroup(userId: string, name: string, description = ''): Promise<GroupSummary> {
  const client = await db()
  const group = await client.group.create({
    data: { name, description, members: { create: { userId, role: 'owner' } } },
  })
  return { id: group.id, name: group.name, description: group.description, role: 'owner', createdAt: group.createdAt.toISOString() }
}

/** The groups `userId` belongs to, newest first. */
export async function listGroupsFor(userId: string): Promise<GroupSummary[]> {
  const client = await db()
  const rows = await client.groupMember.findMany({
    where: { userId },
    select: { role: true, group: { select: { id: true, name: true, description: true, createdAt: true } } },
    orderBy: { group: { createdAt: 'desc' } },
  })
  return rows.flatMap((row) => {
    const role = groupRoleSchema.safeParse(row.role)
    if (!role.success) return []
    const { group } = row
    return [{ id: group.id, name: group.name, description: group.description, role: role.data, createdAt: group.createdAt.toISOString() }]
  })
}

/** The caller's role in the group, or null when the group does not exist or they are not in it. */
export async function groupRoleOf(groupId: string, userId: string): Promise<GroupRole | null> {
  const client = await db()
  const member = await client.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { role: true } })
  const role = groupRoleSchema.safeParse(member?.role)
  return role.success ? role.data : null
}

/** What a member sees: the group, its members (names only) and its published boards. */
export async function groupDetails(groupId: string, role: GroupRole): Promise<GroupDetails | null> {
  const client = await db()
  const group = await client.group.findUnique({
    where: { id: groupId },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      members: { select: { role: true, user: { select: { name: true } } }, orderBy: { joinedAt: 'asc' } },
    },
  })
  if (!group) return null
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    role,
    createdAt: group.createdAt.toISOString(),
    members: group.members.map((m) => ({ name: m.user.name, role: m.role === 'owner' ? 'owner' : 'member' })),
    boards: await listGroupBoards(groupId),
  }
}

/**
 * Adds `userId` as a member. Idempotent: an existing member (owner included) keeps their role.
 * Returns whether the user was added now.
 */
export async function addMember(groupId: string, userId: string): Promise<boolean> {
  const client = await db()
  const existing = await client.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { role: true } })
  if (existing) return false
  // upsert: two tabs accepting the same invite at once must not fail on the primary key.
  await client.groupMember.upsert({
    where: { groupId_userId: { groupId, userId } },
    create: { groupId, userId, role: 'member' },
    update: {},
  })
  return true
}
