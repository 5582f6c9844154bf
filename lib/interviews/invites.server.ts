// The candidate's invite link: a capability like a share link (256 random bits, stored only as
// its SHA-256). One person redeems it: the first guest to join claims it, and the link then
// opens the interview only for that guest's cookie. It stops working when the interviewer
// revokes it, when the interview ends, or INVITE_TTL_MS after it was made, whichever comes first.
import { randomBytes } from 'node:crypto'
import { db } from '@/lib/db.server'
import { hashShareToken, looksLikeShareToken, newShareToken } from '@/lib/boards/share-token'
import type { Guest } from '@/lib/auth/guest.server'
import { status } from './clock'
import type { InviteState } from './contract'
import { parseClock } from './records'

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000

export function inviteUrl(token: string): string {
  return `/i/${token}`
}

export function inviteExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + INVITE_TTL_MS)
}

/** Makes a new invite; any earlier invite nobody claimed stops working. Returns the raw token. */
export async function createInterviewInvite(interviewId: string): Promise<string> {
  const client = await db()
  const token = newShareToken()
  await client.$transaction([
    client.interviewInvite.updateMany({ where: { interviewId, revokedAt: null, claimedBy: null }, data: { revokedAt: new Date() } }),
    client.interviewInvite.create({ data: { interviewId, tokenHash: hashShareToken(token) } }),
  ])
  return token
}

/** Revokes every live invite, claimed or not; returns whether a claimed one was among them. */
export async function revokeInterviewInvites(interviewId: string): Promise<{ revoked: number; hadGuest: boolean }> {
  const client = await db()
  const live = await client.interviewInvite.findMany({ where: { interviewId, revokedAt: null }, select: { claimedBy: true } })
  const { count } = await client.interviewInvite.updateMany({ where: { interviewId, revokedAt: null }, data: { revokedAt: new Date() } })
  return { revoked: count, hadGuest: live.some((i) => i.claimedBy !== null) }
}

export async function inviteState(interviewId: string, ended: boolean, now: number): Promise<InviteState> {
  const client = await db()
  const latest = await client.interviewInvite.findFirst({ where: { interviewId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  if (!latest) return { status: 'none', createdAt: null }
  const createdAt = latest.createdAt.toISOString()
  if (latest.revokedAt) return { status: 'revoked', createdAt }
  if (ended || inviteExpiresAt(latest.createdAt).getTime() <= now) return { status: 'expired', createdAt }
  return { status: latest.claimedBy ? 'claimed' : 'unused', createdAt }
}

export type InviteProblem = 'unknown' | 'revoked' | 'ended' | 'expired' | 'claimed'

/** Messages a person can act on, shared by the API and the join page (app/i/). */
export const inviteProblems: Record<InviteProblem, { status: 404 | 409 | 410; error: string }> = {
  unknown: { status: 404, error: 'this invite link is not valid; check that you copied all of it' },
  revoked: { status: 410, error: 'this invite link has been revoked; ask your interviewer for a new one' },
  ended: { status: 410, error: 'this interview has ended' },
  expired: { status: 410, error: 'this invite link has expired; ask your interviewer for a new one' },
  claimed: { status: 409, error: 'this invite link has already been used' },
}

export type InviteCheck =
  | { ok: true; invite: { id: string; claimedBy: string | null; expiresAt: Date }; interview: { id: string; title: string } }
  | { ok: false; problem: InviteProblem }

/** What an invite token opens, without using it. `guest` is the caller's cookie, if any. */
export async function checkInterviewInvite(token: string, guest: Guest | null, now = Date.now()): Promise<InviteCheck> {
  if (!looksLikeShareToken(token)) return { ok: false, problem: 'unknown' }
  const client = await db()
  const invite = await client.interviewInvite.findUnique({
    where: { tokenHash: hashShareToken(token) },
    select: { id: true, createdAt: true, revokedAt: true, claimedBy: true, interview: { select: { id: true, title: true, clock: true } } },
  })
  if (!invite) return { ok: false, problem: 'unknown' }
  if (invite.revokedAt) return { ok: false, problem: 'revoked' }
  if (status(parseClock(invite.interview.clock)) === 'ended') return { ok: false, problem: 'ended' }
  const expiresAt = inviteExpiresAt(invite.createdAt)
  if (expiresAt.getTime() <= now) return { ok: false, problem: 'expired' }
  const mine = guest !== null && guest.iid === invite.interview.id && guest.gid === invite.claimedBy
  if (invite.claimedBy !== null && !mine) return { ok: false, problem: 'claimed' }
  return { ok: true, invite: { id: invite.id, claimedBy: invite.claimedBy, expiresAt }, interview: { id: invite.interview.id, title: invite.interview.title } }
}

export type JoinOutcome = { ok: true; guest: Guest; expiresAt: Date } | { ok: false; problem: InviteProblem }

/**
 * Redeems the invite for the person holding `guest`'s cookie (their own claim: they keep their
 * guest id) or for a new guest. The claim is a compare-and-set, so of two people redeeming one
 * link at once exactly one gets in.
 */
export async function joinInterview(token: string, name: string, guest: Guest | null): Promise<JoinOutcome> {
  const check = await checkInterviewInvite(token, guest)
  if (!check.ok) return check
  const client = await db()
  const gid = check.invite.claimedBy ?? randomBytes(18).toString('base64url')
  if (check.invite.claimedBy === null) {
    const { count } = await client.interviewInvite.updateMany({
      where: { id: check.invite.id, claimedBy: null, revokedAt: null },
      data: { claimedBy: gid, claimedAt: new Date() },
    })
    if (count !== 1) return { ok: false, problem: 'claimed' }
  }
  await client.interview.update({ where: { id: check.interview.id }, data: { candidateName: name } })
  return { ok: true, guest: { gid, name, iid: check.interview.id }, expiresAt: check.invite.expiresAt }
}

/** Whether `guest` holds a live claim on this interview's invite (revoking one ends it). */
export async function isCandidate(interviewId: string, guest: Guest | null): Promise<boolean> {
  if (!guest || guest.iid !== interviewId) return false
  const client = await db()
  const claim = await client.interviewInvite.findFirst({ where: { interviewId, claimedBy: guest.gid, revokedAt: null }, select: { id: true } })
  return claim !== null
}

/** Whether `guest` may open `boardId` live: the board of their interview, while it has not ended. */
export async function candidateOpensBoard(boardId: string, guest: Guest): Promise<boolean> {
  const client = await db()
  const interview = await client.interview.findUnique({ where: { boardId }, select: { id: true, clock: true } })
  if (!interview || interview.id !== guest.iid) return false
  if (status(parseClock(interview.clock)) === 'ended') return false
  return isCandidate(interview.id, guest)
}
