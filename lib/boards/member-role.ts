import type { MemberRole } from '@/lib/auth/roles'

const rank: Record<MemberRole, number> = { viewer: 1, editor: 2, owner: 3 }

/** The stronger of two roles (owner > editor > viewer). */
export function higherRole(a: MemberRole, b: MemberRole): MemberRole {
  return rank[a] >= rank[b] ? a : b
}

export function isAtLeast(role: MemberRole, min: MemberRole): boolean {
  return rank[role] >= rank[min]
}
