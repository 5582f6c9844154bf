// resolveBoardAccess and joinViaShare against a real (temporary) SQLite database: the rules the
// board page, the REST routes and the room lookup all rely on.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db.server'

const dir = mkdtempSync(join(tmpdir(), 'designroom-access-'))
process.env.DB_PROVIDER = 'sqlite'
process.env.DATABASE_URL = `file:${join(dir, 'test.db')}`
process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'

let client: Db
let access: typeof import('@/lib/boards/access.server')
let shareToken: typeof import('@/lib/boards/share-token')

beforeAll(async () => {
  const prisma = createRequire(import.meta.url).resolve('prisma/build/index.js')
  const migrated = spawnSync(process.execPath, [prisma, 'migrate', 'deploy'], { env: process.env, encoding: 'utf8' })
  if (migrated.status !== 0) throw new Error(`migrate failed:\n${migrated.stdout}\n${migrated.stderr}`)
  client = await (await import('@/lib/db.server')).db()
  access = await import('@/lib/boards/access.server')
  shareToken = await import('@/lib/boards/share-token')
})

afterAll(async () => {
  await client?.$disconnect()
  rmSync(dir, { recursive: true, force: true })
})

let n = 0
async function user(): Promise<string> {
  n += 1
  return (await client.user.create({ data: { email: `u${n}@example.test`, name: `U${n}` } })).id
}

async function boardOwnedBy(owner: string): Promise<string> {
  return (await client.board.create({ data: { title: 'B', members: { create: { userId: owner, role: 'owner' } } } })).id
}

async function share(boardId: string, createdById: string, role: 'editor' | 'viewer', revoked = false): Promise<{ id: string; token: string }> {
  const token = shareToken.newShareToken()
  const row = await client.share.create({
    data: { boardId, createdById, role, tokenHash: shareToken.hashShareToken(token), revokedAt: revoked ? new Date() : null },
  })
  return { id: row.id, token }
}

describe('resolveBoardAccess', () => {
  it('nobody: 401; unknown board: 404; stranger: 404 with the same message', async () => {
    const owner = await user()
    const stranger = await user()
    const id = await boardOwnedBy(owner)
    expect(await access.resolveBoardAccess(id, {})).toMatchObject({ ok: false, status: 401 })
    const missing = await access.resolveBoardAccess('nope', { userId: stranger })
    const hidden = await access.resolveBoardAccess(id, { userId: stranger })
    expect(missing).toMatchObject({ ok: false, status: 404 })
    expect(hidden).toEqual(missing)
  })

  it('members get their role via member', async () => {
    const owner = await user()
    const id = await boardOwnedBy(owner)
    expect(await access.resolveBoardAccess(id, { userId: owner })).toEqual({ ok: true, board: { id, title: 'B' }, role: 'owner', via: 'member' })
  })

  it('a valid link gives its role via the share; a revoked one is 403; another board\'s is 404', async () => {
    const owner = await user()
    const id = await boardOwnedBy(owner)
    const other = await boardOwnedBy(owner)
    const viewer = await share(id, owner, 'viewer')
    const revoked = await share(id, owner, 'editor', true)
    expect(await access.resolveBoardAccess(id, { shareToken: viewer.token })).toMatchObject({ ok: true, role: 'viewer', via: { shareId: viewer.id } })
    expect(await access.resolveBoardAccess(id, { shareToken: revoked.token })).toMatchObject({ ok: false, status: 403 })
    expect(await access.resolveBoardAccess(other, { shareToken: viewer.token })).toMatchObject({ ok: false, status: 404 })
  })

  it('the stronger of membership and link wins, and a link never outranks an owner', async () => {
    const owner = await user()
    const member = await user()
    const id = await boardOwnedBy(owner)
    await client.boardMember.create({ data: { boardId: id, userId: member, role: 'viewer' } })
    const editor = await share(id, owner, 'editor')
    expect(await access.resolveBoardAccess(id, { userId: member, shareToken: editor.token })).toMatchObject({ role: 'editor', via: { shareId: editor.id } })
    expect(await access.resolveBoardAccess(id, { userId: owner, shareToken: editor.token })).toMatchObject({ role: 'owner', via: 'member' })
  })
})

describe('resolveBoardAccess through a study group', () => {
  async function groupWith(members: string[], boardId?: string, publisher?: string): Promise<string> {
    const group = await client.group.create({ data: { name: 'G', members: { create: members.map((userId, i) => ({ userId, role: i === 0 ? 'owner' : 'member' })) } } })
    if (boardId && publisher) await client.groupBoard.create({ data: { groupId: group.id, boardId, publishedById: publisher } })
    return group.id
  }

  it('a member of a group the board is published to opens it as viewer via group', async () => {
    const owner = await user()
    const reader = await user()
    const id = await boardOwnedBy(owner)
    await groupWith([owner, reader], id, owner)
    expect(await access.resolveBoardAccess(id, { userId: reader })).toEqual({ ok: true, board: { id, title: 'B' }, role: 'viewer', via: 'group' })
  })

  it('membership of a group without the board, or of no group, opens nothing (404)', async () => {
    const owner = await user()
    const reader = await user()
    const id = await boardOwnedBy(owner)
    const other = await boardOwnedBy(owner)
    await groupWith([owner, reader], other, owner)
    await groupWith([reader])
    expect(await access.resolveBoardAccess(id, { userId: reader })).toMatchObject({ ok: false, status: 404 })
  })

  it('is weaker than any board membership or link: the stronger role wins, ties go to the link', async () => {
    const owner = await user()
    const editor = await user()
    const reader = await user()
    const id = await boardOwnedBy(owner)
    await client.boardMember.create({ data: { boardId: id, userId: editor, role: 'editor' } })
    await groupWith([owner, editor, reader], id, owner)
    expect(await access.resolveBoardAccess(id, { userId: owner })).toMatchObject({ role: 'owner', via: 'member' })
    expect(await access.resolveBoardAccess(id, { userId: editor })).toMatchObject({ role: 'editor', via: 'member' })
    const edit = await share(id, owner, 'editor')
    const view = await share(id, owner, 'viewer')
    expect(await access.resolveBoardAccess(id, { userId: reader, shareToken: edit.token })).toMatchObject({ role: 'editor', via: { shareId: edit.id } })
    expect(await access.resolveBoardAccess(id, { userId: reader, shareToken: view.token })).toMatchObject({ role: 'viewer', via: { shareId: view.id } })
  })

  it('a group viewer holding a revoked link still opens the board through the group', async () => {
    const owner = await user()
    const reader = await user()
    const id = await boardOwnedBy(owner)
    await groupWith([owner, reader], id, owner)
    const revoked = await share(id, owner, 'editor', true)
    expect(await access.resolveBoardAccess(id, { userId: reader, shareToken: revoked.token })).toMatchObject({ ok: true, role: 'viewer', via: 'group' })
    expect(await access.resolveBoardAccess(id, { shareToken: revoked.token })).toMatchObject({ ok: false, status: 403 })
  })
})

describe('joinViaShare', () => {
  it('adds a signed-in visitor as a member with the link role, once', async () => {
    const owner = await user()
    const visitor = await user()
    const id = await boardOwnedBy(owner)
    const link = await share(id, owner, 'viewer')
    expect(await access.joinViaShare(id, visitor, link.token)).toEqual({ joined: true, role: 'viewer' })
    expect(await access.joinViaShare(id, visitor, link.token)).toEqual({ joined: false, role: 'viewer' })
    expect(await access.resolveBoardAccess(id, { userId: visitor })).toMatchObject({ role: 'viewer', via: 'member' })
  })

  it('upgrades but never downgrades, and never touches the owner', async () => {
    const owner = await user()
    const visitor = await user()
    const id = await boardOwnedBy(owner)
    const viewerLink = await share(id, owner, 'viewer')
    const editorLink = await share(id, owner, 'editor')
    await access.joinViaShare(id, visitor, editorLink.token)
    expect(await access.joinViaShare(id, visitor, viewerLink.token)).toEqual({ joined: false, role: 'editor' })
    expect(await access.joinViaShare(id, owner, viewerLink.token)).toEqual({ joined: false, role: 'owner' })
  })

  it('does nothing for a revoked or foreign link', async () => {
    const owner = await user()
    const visitor = await user()
    const id = await boardOwnedBy(owner)
    const other = await boardOwnedBy(owner)
    const revoked = await share(id, owner, 'editor', true)
    const foreign = await share(other, owner, 'editor')
    expect(await access.joinViaShare(id, visitor, revoked.token)).toEqual({ joined: false })
    expect(await access.joinViaShare(id, visitor, foreign.token)).toEqual({ joined: false })
    expect(await access.resolveBoardAccess(id, { userId: visitor })).toMatchObject({ ok: false, status: 404 })
  })
})
