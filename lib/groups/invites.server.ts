// Group invite links: created by owners, revoked (never deleted, so a revoked link can say
// "revoked" rather than "not found"), and redeemed by signed-in users.
import { db } from '@/lib/db.server'
import { addMember } from './groups.server'
import { hashInviteToken, looksLikeInviteToken, newInviteToken } from './invite-token'

export async function createInvite(groupId: string, createdById: string): Promise<{ id: string; token: string; createdAt: string }> {
  const client = await db()
  const token = newInviteToken()
  const invite = await client.groupInvite.create({ data: { groupId, createdById, tokenHash: hashInviteToken(token) } })
  return { id: invite.id, token, createdAt: invite.createdAt.toISOString() }
}

/** 'revoked' also when it already was (idempotent); 'not-found' when it is not this group's. */
export async function revokeInvite(groupId: string, inviteId: string): Promise<'revoked' | 'not-found'> {
  const client = await db()
  const invite = await client.groupInvite.findFirst({ where: { id: inviteId, groupId }, select: { revokedAt: true } })
  if (!invite) return 'not-found'
  if (!invite.revokedAt) await client.groupInvite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } })
  return 'revoked'
}

export type InviteCheck =
  | { ok: true; group: { id: string; name: string; description: string } }
  | { ok: false; reason: 'unknown' | 'revoked' }

/** What an invite token opens, without using it (the join page shows this before joining). */
export async function checkInvite(token: string): Promise<InviteCheck> {
  if (!looksLikeInviteToken(token)) return { ok: false, reason: 'unknown' }
  const client = await db()
  const invite = await client.groupInvite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { revokedAt: true, group: { select: { id: true, name: true, description: true } } },
  })
  if (!invite) return { ok: false, reason: 'unknown' }
  if (invite.revokedAt) return { ok: false, reason: 'revoked' }
  return { ok: true, group: invite.group }
}

export type JoinOutcome =
  | { ok: true; group: { id: string; name: string }; joined: boolean }
  | { ok: false; reason: 'unknown' | 'revoked' }

/** Joins the invite's group as a member. Idempotent: a member (or the owner) stays as they are. */
export async function joinWithInvite(token: string, userId: string): Promise<JoinOutcome> {
  const check = await checkInvite(token)
  if (!check.ok) return check
  const joined = await addMember(check.group.id, userId)
  return { ok: true, group: { id: check.group.id, name: check.group.name }, joined }
}

/** Messages a person can act on, shared by the API and the join page. */
export const inviteErrors = {
  unknown: 'this invite link is not valid; check that you copied all of it',
  revoked: "this invite link has been revoked; ask the group's owner for a new one",
} as const
