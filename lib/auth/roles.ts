import { z } from 'zod'

/** What a connection to a board room may do. Owners connect as editors. */
export const roleSchema = z.enum(['editor', 'viewer'])
export type Role = z.infer<typeof roleSchema>

export const memberRoleSchema = z.enum(['owner', 'editor', 'viewer'])
export type MemberRole = z.infer<typeof memberRoleSchema>

export function canWrite(role: Role): boolean {
  return role === 'editor'
}

/** The room role a board member gets. */
export function roomRoleOf(member: MemberRole): Role {
  return member === 'viewer' ? 'viewer' : 'editor'
}
