// Share links: created by owners, listed without their tokens, revoked (never deleted, so the
// audit trail stays and a revoked link can say "revoked" rather than "not found").
import { db } from '@/lib/db.server'
import type { Role } from '@/lib/auth/roles'
import { hashShareToken, newShareToken } from './share-token'

export type ShareSummary = { id: string; role: Role; createdAt: string; createdBy: { id: string; name: string } }

export async function createShare(boardId: string, createdById: string, role: Role): Promise<{ id: string; token: string; role: Role; createdAt: string }> {
  const client = await db()
  const token = newShareToken()
  const share = await client.share.create({ data: { boardId, role, createdById, tokenHash: hashShareToken(token) } })
  return { id: share.id, token, role, createdAt: share.createdAt.toISOString() }
}

export async function listActiveShares(boardId: string): Promise<ShareSummary[]> {
  const client = await db()
  const rows = await client.share.findMany({
    where: { boardId, revokedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, role: true, createdAt: true, createdBy: { select: { id: true, name: true } } },
  })
  return rows.map((row) => ({
    id: row.id,
    role: row.role === 'editor' ? 'editor' : 'viewer',
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  }))
}

/** 'revoked' also when it already was (idempotent); 'not-found' when it is not this board's. */
export async function revokeShare(boardId: string, shareId: string): Promise<'revoked' | 'not-found'> {
  const client = await db()
  const share = await client.share.findFirst({ where: { id: shareId, boardId }, select: { revokedAt: true } })
  if (!share) return 'not-found'
  if (!share.revokedAt) await client.share.update({ where: { id: shareId }, data: { revokedAt: new Date() } })
  return 'revoked'
}
