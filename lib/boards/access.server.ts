// Who may open a board, and as what. Every route and page that touches a board asks here, so
// the rules live in one place (reliability.md 4.4):
//   - board members first; then a valid, unrevoked share token; the stronger role wins;
//   - last, a signed-in member of a study group the board is published to opens it as viewer
//     (weaker than any membership or link, so it only decides when nothing else grants access);
//   - a missing board and a board the caller may not see both answer 404, so ids reveal nothing;
//   - an interview's candidate (a guest cookie, lib/auth/guest.server.ts) opens that interview's
//     board as editor while the interview runs, and nothing else; after it ends, 404;
//   - no session, no share token and no guest: 401; a revoked link: 403 (its holder already knows the
//     board exists, and "this link was revoked" is the useful message).
import { z } from 'zod'
import { db } from '@/lib/db.server'
import type { Guest } from '@/lib/auth/guest.server'
import { candidateOpensBoard } from '@/lib/interviews/invites.server'
import { memberRoleSchema, type MemberRole } from '@/lib/auth/roles'
import { hashShareToken, looksLikeShareToken } from './share-token'
import { higherRole } from './member-role'

export type BoardAccess =
  | {
      ok: true
      board: { id: string; title: string }
      role: MemberRole
      via: 'member' | 'group' | 'interview' | { shareId: string }
    }
  | { ok: false; status: 401 | 403 | 404; error: string }

export type Who = { userId?: string; shareToken?: string; guest?: Guest }

const notFound = { ok: false, status: 404, error: 'board not found' } as const

type ShareCheck = { ok: true; shareId: string; role: MemberRole } | { ok: false; revoked: boolean }

type ShareRow = { id: string; role: string; revokedAt: unknown }

/** What a share row grants: its role, or why not. A share never grants ownership, whatever the row says. */
function shareGrant(share: ShareRow): ShareCheck {
  if (share.revokedAt != null) return { ok: false, revoked: true }
  const role = memberRoleSchema.safeParse(share.role)
  if (!role.success || role.data === 'owner') return { ok: false, revoked: false }
  return { ok: true, shareId: share.id, role: role.data }
}

async function checkShare(boardId: string, token: string): Promise<ShareCheck> {
  if (!looksLikeShareToken(token)) return { ok: false, revoked: false }
  const client = await db()
  const share = await client.share.findUnique({ where: { tokenHash: hashShareToken(token) } })
  if (!share || share.boardId !== boardId) return { ok: false, revoked: false }
  return shareGrant(share)
}

/** Never a cuid nor a token hash: a join on it matches no row. */
const NOBODY = ''

// SQLite answers EXISTS with 0/1 (a bigint through some drivers), Postgres with a boolean.
const flag = z.union([z.boolean(), z.number(), z.bigint()]).transform((v) => Boolean(Number(v)))
const accessRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  memberRole: z.string().nullable(),
  shareId: z.string().nullable(),
  shareRole: z.string().nullable(),
  shareRevokedAt: z.unknown(),
  viaGroup: flag,
})

/**
 * The board, the caller's membership, the link they hold and whether a group of theirs has the
 * board, in one statement. Every board open and every socket's room lookup runs this: as Prisma
 * calls (one per relation) it cost ~1.0–1.4 ms of CPU, as one join ~0.2–0.3 ms (reliability.md
 * L7), and a board the caller may not see now costs the same queries as a missing id (A5).
 * At most one row: (boardId, userId) and tokenHash are unique.
 */
async function accessRow(boardId: string, who: Who) {
  const userId = who.userId ?? NOBODY
  const tokenHash = who.shareToken && looksLikeShareToken(who.shareToken) ? hashShareToken(who.shareToken) : NOBODY
  const client = await db()
  const rows = await client.$queryRaw<unknown[]>`
    SELECT b."id", b."title", m."role" AS "memberRole", s."id" AS "shareId", s."role" AS "shareRole", s."revokedAt" AS "shareRevokedAt",
      EXISTS (
        SELECT 1 FROM "GroupBoard" gb JOIN "GroupMember" gm ON gm."groupId" = gb."groupId"
        WHERE gb."boardId" = b."id" AND gm."userId" = ${userId}
      ) AS "viaGroup"
    FROM "Board" b
    LEFT JOIN "BoardMember" m ON m."boardId" = b."id" AND m."userId" = ${userId}
    LEFT JOIN "Share" s ON s."boardId" = b."id" AND s."tokenHash" = ${tokenHash}
    WHERE b."id" = ${boardId}`
  return rows.length === 0 ? null : accessRowSchema.parse(rows[0])
}

export async function resolveBoardAccess(boardId: string, who: Who): Promise<BoardAccess> {
  if (!who.userId && !who.shareToken && !who.guest) return { ok: false, status: 401, error: 'sign in or use a share link' }
  const row = await accessRow(boardId, who)
  if (!row) return notFound
  const board = { id: row.id, title: row.title }

  const parsedRole = memberRoleSchema.safeParse(row.memberRole)
  const memberRole: MemberRole | undefined = parsedRole.success ? parsedRole.data : undefined
  const share = row.shareId !== null ? shareGrant({ id: row.shareId, role: row.shareRole ?? '', revokedAt: row.shareRevokedAt }) : undefined

  if (memberRole) {
    // A member who also holds a stronger link (a viewer opening an edit link) gets the link's role.
    if (share?.ok && higherRole(share.role, memberRole) !== memberRole) {
      return { ok: true, board, role: share.role, via: { shareId: share.shareId } }
    }
    return { ok: true, board, role: memberRole, via: 'member' }
  }
  if (share?.ok) return { ok: true, board, role: share.role, via: { shareId: share.shareId } }
  if (who.guest && (await candidateOpensBoard(boardId, who.guest))) return { ok: true, board, role: 'editor', via: 'interview' }
  // A group viewer who also holds a revoked link still sees the board: the group grants it.
  if (who.userId && row.viaGroup) return { ok: true, board, role: 'viewer', via: 'group' }
  if (share && share.revoked) return { ok: false, status: 403, error: 'this share link has been revoked' }
  return notFound
}

export type JoinResult = { joined: boolean; role: MemberRole } | { joined: false; role?: undefined }

/**
 * A signed-in user who opens a board through a valid share link becomes a member with the
 * link's role, so the board shows on their dashboard. Never downgrades an existing member and
 * never makes anyone an owner. Returns the member role afterwards (undefined when the link is
 * not valid for this board). Note: revoking the link later does not remove such members.
 */
export async function joinViaShare(boardId: string, userId: string, shareToken: string): Promise<JoinResult> {
  const share = await checkShare(boardId, shareToken)
  if (!share.ok) return { joined: false }
  const client = await db()
  const existing = await client.boardMember.findUnique({
    where: { boardId_userId: { boardId, userId } },
    select: { role: true },
  })
  const current = memberRoleSchema.safeParse(existing?.role)
  if (current.success) {
    const next = higherRole(current.data, share.role)
    if (next === current.data) return { joined: false, role: current.data }
    await client.boardMember.update({ where: { boardId_userId: { boardId, userId } }, data: { role: next } })
    return { joined: true, role: next }
  }
  // upsert: two tabs opening the same link at once must not fail on the primary key.
  await client.boardMember.upsert({
    where: { boardId_userId: { boardId, userId } },
    create: { boardId, userId, role: share.role },
    update: {},
  })
  return { joined: true, role: share.role }
}
