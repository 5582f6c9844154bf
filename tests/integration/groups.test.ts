// Study groups, forks and community templates through the real server (docs/api.md): a group is
// made, an invite link is created and redeemed, a board is published to it, and its members open
// that board read-only (REST and room token) while everyone else gets 404. Forks and community
// templates copy a board's saved content, checked through stock y-websocket clients.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { createShapeId, toRichText, type TLRecord } from '@tldraw/tlschema'
import { join as joinPath } from 'node:path'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '@/generated/sqlite/client'
import { recordsArray } from '@/lib/board/layout'
import { boardSchema } from '@/lib/board/record-checks'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, WebClient } from '../helpers/web-client'

let server: AppServer
let db: PrismaClient

beforeAll(async () => {
  server = await startAppServer()
  db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${joinPath(server.dataDir, 'designroom.db')}`, timeout: 10_000 }) })
})

afterAll(async () => {
  await db?.$disconnect()
  await server?.dispose()
})

type Person = { client: WebClient; id: string; name: string }

const newUser = (label: string): Promise<Person> => signedInUser(server.baseUrl, label)

async function createBoard(person: Person, title = 'Design a URL shortener'): Promise<string> {
  const res = await person.client.json('/api/boards', 'POST', { title })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function createGroup(person: Person, name = 'Tuesday mocks'): Promise<string> {
  const res = await person.client.json('/api/groups', 'POST', { name })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function invite(owner: Person, groupId: string): Promise<{ id: string; token: string; url: string }> {
  const res = await owner.client.fetch(`/api/groups/${groupId}/invites`, { method: 'POST' })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; token: string; url: string }
}

async function join(person: Person, token: string): Promise<Response> {
  return person.client.json('/api/groups/join', 'POST', { token })
}

/** A group with `owner` and `members`, and `boardId` published to it by its owner. */
async function groupWithBoard(owner: Person, members: Person[], boardId: string): Promise<string> {
  const groupId = await createGroup(owner)
  const { token } = await invite(owner, groupId)
  for (const m of members) expect((await join(m, token)).status).toBe(200)
  expect((await owner.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId })).status).toBe(201)
  return groupId
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

const schema = boardSchema()
function shape(key: string): TLRecord {
  return schema.types.shape!.create({
    id: createShapeId(key),
    type: 'geo',
    parentId: 'page:page',
    index: 'a1',
    props: {
      geo: 'rectangle', w: 160, h: 80, richText: toRichText(key), color: 'black', labelColor: 'black',
      fill: 'none', dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0,
      url: '', scale: 1, flipX: false, flipY: false,
    },
  } as Parameters<NonNullable<typeof schema.types.shape>['create']>[0]) as TLRecord
}

/** The board as saved: snapshot plus log rows, merged (what forks and templates copy). */
async function storedKeys(boardId: string): Promise<Set<string>> {
  const doc = new Y.Doc()
  const snapshot = await db.boardSnapshot.findUnique({ where: { boardId } })
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data))
  for (const row of await db.boardUpdate.findMany({ where: { boardId }, orderBy: { id: 'asc' } })) Y.applyUpdate(doc, new Uint8Array(row.data))
  const keys = new Set(recordsArray(doc).toArray().map((entry) => entry.key))
  doc.destroy()
  return keys
}

/** Writes shapes through a stock y-websocket client and waits until they are saved. */
async function writeShapes(person: Person, boardId: string, keys: string[]): Promise<void> {
  const lookup = roomLookupSchema.parse(await (await person.client.fetch(`/api/rooms/${boardId}`)).json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(client.doc))
    for (const key of keys) kv.set(createShapeId(key), shape(key))
    await waitFor(async () => {
      const saved = await storedKeys(boardId)
      return keys.every((k) => saved.has(createShapeId(k)))
    }, 'shapes saved', 10_000)
  } finally {
    client.destroy()
  }
}

/** The board's records as a stock client sees them after sync. */
async function boardRecords(person: Person, boardId: string): Promise<Map<string, TLRecord>> {
  const res = await person.client.fetch(`/api/rooms/${boardId}`)
  expect(res.status).toBe(200)
  const lookup = roomLookupSchema.parse(await res.json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(client.doc))
    return new Map([...kv.map].map(([key, entry]) => [key, entry.val]))
  } finally {
    client.destroy()
  }
}

describe('groups', () => {
  it('create, invite, join, publish: a member reads the board and gets a viewer room token; a stranger gets 404', async () => {
    const owner = await newUser('owner')
    const member = await newUser('member')
    const stranger = await newUser('stranger')
    const boardId = await createBoard(owner, 'Rate limiter')

    const created = await owner.client.json('/api/groups', 'POST', { name: '  Tuesday mocks  ', description: 'Practice rounds' })
    expect(created.status).toBe(201)
    const group = (await created.json()) as { id: string; name: string; description: string; role: string }
    expect(group).toMatchObject({ name: 'Tuesday mocks', description: 'Practice rounds', role: 'owner' })

    const link = await invite(owner, group.id)
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(link.url).toBe(`/groups/join/${link.token}`)
    const joined = await join(member, link.token)
    expect(joined.status).toBe(200)
    expect(await joined.json()).toEqual({ id: group.id, name: 'Tuesday mocks', joined: true })
    // Idempotent: joining again (or the owner opening their own link) changes nothing.
    expect(await (await join(member, link.token)).json()).toMatchObject({ joined: false })
    expect(await (await join(owner, link.token)).json()).toMatchObject({ joined: false })

    const published = await owner.client.json(`/api/groups/${group.id}/boards`, 'POST', { boardId })
    expect(published.status).toBe(201)
    expect(await published.json()).toEqual({ id: boardId, title: 'Rate limiter', publishedBy: owner.name, publishedAt: expect.any(String) })
    expect((await owner.client.json(`/api/groups/${group.id}/boards`, 'POST', { boardId })).status).toBe(200)

    const details = await member.client.fetch(`/api/groups/${group.id}`)
    expect(details.status).toBe(200)
    expect(await details.json()).toEqual({
      id: group.id,
      name: 'Tuesday mocks',
      description: 'Practice rounds',
      role: 'member',
      members: [{ name: owner.name }, { name: member.name }],
      boards: [{ id: boardId, title: 'Rate limiter', publishedBy: owner.name, publishedAt: expect.any(String) }],
    })
    const mine = (await (await member.client.fetch('/api/groups')).json()) as { groups: Array<{ id: string; role: string }> }
    expect(mine.groups).toEqual([expect.objectContaining({ id: group.id, role: 'member' })])

    // The member reads the board as a viewer, and the room lookup gives a read-only token.
    const board = await member.client.fetch(`/api/boards/${boardId}`)
    expect(board.status).toBe(200)
    expect(await board.json()).toMatchObject({ id: boardId, role: 'viewer' })
    const lookupRes = await member.client.fetch(`/api/rooms/${boardId}`)
    expect(lookupRes.status).toBe(200)
    const lookup = roomLookupSchema.parse(await lookupRes.json())
    expect(lookup.role).toBe('viewer')
    const claims = claimsOf(lookup.token)
    expect(claims).toMatchObject({ aud: boardId, sub: member.id, role: 'viewer', name: member.name })
    expect(claims).not.toHaveProperty('sid')
    // The node drops a group viewer's writes: the owner's later write is saved, theirs never is.
    const viewer = connectClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitForSynced(viewer, 10_000)
      new YKeyValue<TLRecord>(recordsArray<TLRecord>(viewer.doc)).set(createShapeId('from-viewer'), shape('from-viewer'))
      await writeShapes(owner, boardId, ['from-owner'])
      expect((await storedKeys(boardId)).has(createShapeId('from-viewer'))).toBe(false)
    } finally {
      viewer.destroy()
    }
    // A viewer cannot change the board or manage its links.
    expect((await member.client.json(`/api/boards/${boardId}`, 'PATCH', { title: 'mine' })).status).toBe(403)
    expect((await member.client.fetch(`/api/boards/${boardId}/shares`)).status).toBe(403)
    // It is not their board: the dashboard lists only boards they are members of.
    expect(((await (await member.client.fetch('/api/boards')).json()) as { boards: unknown[] }).boards).toEqual([])

    // A stranger sees neither the group nor the board, exactly as if they did not exist.
    const missingGroup = await stranger.client.fetch('/api/groups/doesnotexist')
    expect(missingGroup.status).toBe(404)
    const hiddenGroup = await stranger.client.fetch(`/api/groups/${group.id}`)
    expect(hiddenGroup.status).toBe(404)
    expect(await hiddenGroup.json()).toEqual(await missingGroup.json())
    expect((await stranger.client.fetch(`/api/groups/${group.id}/invites`, { method: 'POST' })).status).toBe(404)
    expect((await stranger.client.json(`/api/groups/${group.id}/boards`, 'POST', { boardId })).status).toBe(404)
    expect((await stranger.client.fetch(`/api/boards/${boardId}`)).status).toBe(404)
    expect((await stranger.client.fetch(`/api/rooms/${boardId}`)).status).toBe(404)
    expect((await stranger.client.json(`/api/boards/${boardId}/fork`, 'POST', {})).status).toBe(404)
  })

  it('only owners create and revoke invites; a revoked invite is refused with 410, an unknown one with 404', async () => {
    const owner = await newUser('inviter')
    const member = await newUser('invitee')
    const late = await newUser('late')
    const groupId = await createGroup(owner)
    const link = await invite(owner, groupId)
    expect((await join(member, link.token)).status).toBe(200)

    const forbidden = await member.client.fetch(`/api/groups/${groupId}/invites`, { method: 'POST' })
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toEqual({ error: "this needs the group's owner" })
    expect((await member.client.fetch(`/api/groups/${groupId}/invites/${link.id}`, { method: 'DELETE' })).status).toBe(403)

    expect((await owner.client.fetch(`/api/groups/${groupId}/invites/${link.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await owner.client.fetch(`/api/groups/${groupId}/invites/${link.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await owner.client.fetch(`/api/groups/${groupId}/invites/nosuchinvite`, { method: 'DELETE' })).status).toBe(404)

    const revoked = await join(late, link.token)
    expect(revoked.status).toBe(410)
    expect(await revoked.json()).toEqual({ error: "this invite link has been revoked; ask the group's owner for a new one" })
    for (const token of ['A'.repeat(43), 'garbage']) {
      const unknown = await join(late, token)
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toEqual({ error: 'this invite link is not valid; check that you copied all of it' })
    }
    expect((await late.client.fetch(`/api/groups/${groupId}`)).status).toBe(404)
    // Members who joined before the revocation stay.
    expect((await member.client.fetch(`/api/groups/${groupId}`)).status).toBe(200)
  })

  it('need a session (401) and answer bad bodies with 400 and a message', async () => {
    const anon = new WebClient(server.baseUrl)
    expect((await anon.fetch('/api/groups')).status).toBe(401)
    expect((await anon.json('/api/groups', 'POST', { name: 'x' })).status).toBe(401)
    expect((await anon.json('/api/groups/join', 'POST', { token: 'A'.repeat(43) })).status).toBe(401)
    expect((await anon.fetch('/api/groups/whatever')).status).toBe(401)
    expect((await anon.json('/api/boards/whatever/fork', 'POST', {})).status).toBe(401)
    expect((await anon.json('/api/templates/community', 'POST', {})).status).toBe(401)

    const owner = await newUser('bodies')
    const groupId = await createGroup(owner)
    const boardId = await createBoard(owner)
    const cases: Array<[string, unknown, string]> = [
      ['/api/groups', {}, 'name is required'],
      ['/api/groups', { name: '   ' }, 'name must not be empty'],
      ['/api/groups', { name: 'n'.repeat(81) }, 'name must be at most 80 characters'],
      ['/api/groups', { name: 'ok', description: 'd'.repeat(501) }, 'description must be at most 500 characters'],
      ['/api/groups', { name: 'ok', owner: 'me' }, 'unknown field(s): owner'],
      ['/api/groups/join', {}, 'token is required'],
      ['/api/groups/join', { token: 42 }, 'token must be a string'],
      [`/api/groups/${groupId}/boards`, {}, 'boardId is required'],
      [`/api/groups/${groupId}/boards`, { boardId: 'not an id!' }, 'boardId must be a board id'],
      [`/api/boards/${boardId}/fork`, { title: 'x'.repeat(121) }, 'title must be at most 120 characters'],
      [`/api/boards/${boardId}/fork`, [], 'body must be a JSON object'],
      ['/api/templates/community', { boardId, topic: 'cooking', summary: 's' }, 'topic must be one of'],
      ['/api/templates/community', { boardId, topic: 'caching' }, 'summary is required'],
      ['/api/templates/community', { boardId, topic: 'caching', summary: 's'.repeat(501) }, 'summary must be at most 500 characters'],
    ]
    for (const [path, body, message] of cases) {
      const res = await owner.client.json(path, 'POST', body)
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400)
      expect(((await res.json()) as { error: string }).error).toContain(message)
    }
    const broken = await owner.client.fetch('/api/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toEqual({ error: 'body is not valid JSON' })
  })

  it('only a board\'s owner publishes it; the publisher or the group owner unpublishes, and access ends with it', async () => {
    const owner = await newUser('gowner')
    const author = await newUser('author')
    const reader = await newUser('reader')
    const groupId = await createGroup(owner)
    const { token } = await invite(owner, groupId)
    for (const p of [author, reader]) expect((await join(p, token)).status).toBe(200)

    const ownersBoard = await createBoard(owner, 'Owner board')
    const authorsBoard = await createBoard(author, 'Author board')
    // Not theirs and not visible: 404. Visible but not owned (group viewer): 403.
    expect((await reader.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId: authorsBoard })).status).toBe(404)
    expect((await author.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId: authorsBoard })).status).toBe(201)
    const notOwner = await reader.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId: authorsBoard })
    expect(notOwner.status).toBe(403)
    expect(await notOwner.json()).toEqual({ error: "only the board's owner can publish it to a group" })
    expect((await owner.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId: ownersBoard })).status).toBe(201)

    expect((await reader.client.fetch(`/api/boards/${authorsBoard}`)).status).toBe(200)
    expect((await reader.client.fetch(`/api/groups/${groupId}/boards/${authorsBoard}`, { method: 'DELETE' })).status).toBe(403)
    expect((await author.client.fetch(`/api/groups/${groupId}/boards/${ownersBoard}`, { method: 'DELETE' })).status).toBe(403)
    expect((await author.client.fetch(`/api/groups/${groupId}/boards/${authorsBoard}`, { method: 'DELETE' })).status).toBe(204)
    expect((await reader.client.fetch(`/api/boards/${authorsBoard}`)).status).toBe(404)
    expect((await reader.client.fetch(`/api/rooms/${authorsBoard}`)).status).toBe(404)
    expect((await owner.client.fetch(`/api/groups/${groupId}/boards/${ownersBoard}`, { method: 'DELETE' })).status).toBe(204)
    expect((await owner.client.fetch(`/api/groups/${groupId}/boards/${ownersBoard}`, { method: 'DELETE' })).status).toBe(404)
    expect(((await (await reader.client.fetch(`/api/groups/${groupId}`)).json()) as { boards: unknown[] }).boards).toEqual([])
  })

  it('unpublishing closes a group viewer\'s open socket at once, and its old room token no longer opens the board', async () => {
    const owner = await newUser('uowner')
    const reader = await newUser('ureader')
    const groupId = await createGroup(owner)
    expect((await join(reader, (await invite(owner, groupId)).token)).status).toBe(200)
    const boardId = await createBoard(owner, 'Soon private')
    expect((await owner.client.json(`/api/groups/${groupId}/boards`, 'POST', { boardId })).status).toBe(201)

    const lookup = roomLookupSchema.parse(await (await reader.client.fetch(`/api/rooms/${boardId}`)).json())
    expect(lookup.role).toBe('viewer')
    const watching = connectClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitForSynced(watching, 10_000)
      // Tokens carry whole seconds and one issued in the second of the change still passes, so
      // let the token age past that second: the replay below is then a real pre-change token.
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      expect((await owner.client.fetch(`/api/groups/${groupId}/boards/${boardId}`, { method: 'DELETE' })).status).toBe(204)
      await waitFor(() => watching.closeCodes.includes(4401), 'the viewer is sent back to the lookup', 5_000)
      watching.provider.disconnect()
      expect((await reader.client.fetch(`/api/rooms/${boardId}`)).status).toBe(404)
    } finally {
      watching.destroy()
    }
    // Replaying the token issued before the change: refused, even though it has not expired.
    const replay = connectClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitFor(() => replay.closeCodes.includes(4401), 'the old token is refused', 5_000)
      expect(replay.provider.synced).toBe(false)
    } finally {
      replay.destroy()
    }
  })
})

describe('forks', () => {
  it('a group viewer forks a board: the fork is theirs and holds a copy of its content', async () => {
    const owner = await newUser('source')
    const reader = await newUser('forker')
    const boardId = await createBoard(owner, 'Chat system')
    await writeShapes(owner, boardId, ['lb', 'db'])
    await groupWithBoard(owner, [reader], boardId)

    const res = await reader.client.json(`/api/boards/${boardId}/fork`, 'POST', {})
    expect(res.status).toBe(201)
    const fork = (await res.json()) as { id: string; title: string }
    expect(fork).toEqual({ id: expect.any(String), title: 'Copy of Chat system' })
    expect(fork.id).not.toBe(boardId)
    expect(await (await reader.client.fetch(`/api/boards/${fork.id}`)).json()).toMatchObject({ role: 'owner' })

    const source = await boardRecords(owner, boardId)
    const copy = await boardRecords(reader, fork.id)
    expect(source.has(createShapeId('lb'))).toBe(true)
    expect([...copy.keys()].sort()).toEqual([...source.keys()].sort())
    for (const [key, record] of source) expect(copy.get(key)).toEqual(record)

    // The fork is independent: the source's owner cannot see it, and edits to it stay in it.
    expect((await owner.client.fetch(`/api/boards/${fork.id}`)).status).toBe(404)
    await writeShapes(reader, fork.id, ['cache'])
    expect((await boardRecords(owner, boardId)).has(createShapeId('cache'))).toBe(false)

    const named = await owner.client.json(`/api/boards/${boardId}/fork`, 'POST', { title: 'My variant' })
    expect(named.status).toBe(201)
    expect(await named.json()).toMatchObject({ title: 'My variant' })
  })
})

describe('community templates', () => {
  it('the owner publishes a snapshot; the public list shows it; later edits do not change it', async () => {
    const owner = await newUser('templater')
    const editor = await newUser('templeditor')
    const boardId = await createBoard(owner, 'Notification fan-out')
    await writeShapes(owner, boardId, ['queue'])

    const share = (await (await owner.client.json(`/api/boards/${boardId}/shares`, 'POST', { role: 'editor' })).json()) as { token: string }
    // The editor becomes a member with the link (as the board page does) but may not publish.
    await editor.client.fetch(`/b/${boardId}?share=${share.token}`)
    const refused = await editor.client.json('/api/templates/community', 'POST', { boardId, topic: 'notifications', summary: 'x' })
    expect(refused.status).toBe(403)

    const res = await owner.client.json('/api/templates/community', 'POST', { boardId, topic: 'notifications', summary: '  Queue then fan out  ' })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }

    const list = await fetch(`${server.baseUrl}/api/templates/community`)
    expect(list.status).toBe(200)
    expect(await list.json()).toContainEqual({ id, title: 'Notification fan-out', topic: 'notifications', summary: 'Queue then fan out', author: owner.name, createdAt: expect.any(String) })

    await writeShapes(owner, boardId, ['late-edit'])
    const row = await db.publicTemplate.findUniqueOrThrow({ where: { id } })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(row.document))
    const keys = new Set(recordsArray(doc).toArray().map((entry) => entry.key))
    expect(keys.has(createShapeId('queue'))).toBe(true)
    expect(keys.has(createShapeId('late-edit'))).toBe(false)

    const stranger = await newUser('tplstranger')
    expect((await stranger.client.json('/api/templates/community', 'POST', { boardId, topic: 'caching', summary: 's' })).status).toBe(404)
  })
})
