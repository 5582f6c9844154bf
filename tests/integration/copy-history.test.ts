// Reliability A12 (docs/reliability.md): a board copied from someone else's snapshot (a community
// template, a fork of a group board) starts with the source as it is, not with its past. Text the
// author typed, saved, named in a version and then deleted must be in no byte the copier can reach
// or that is stored for the copy: its document rows, its versions, its export and its room.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { join as joinPath } from 'node:path'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '@/generated/sqlite/client'
import { RECORDS_ARRAY } from '@/lib/board/layout'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

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

type Entry = { key: string; val: { id: string; typeName: string; props?: Record<string, unknown> } }

async function created(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: string }).id
}

function exportOf(user: SignedInUser, boardId: string): Promise<string> {
  return user.client.fetch(`/api/boards/${boardId}/export.tldr`).then((res) => res.text())
}

/** The author's past: a shape holding `canary` is saved, named in a version, then deleted and saved. */
async function typeAndDelete(author: SignedInUser, boardId: string, canary: string): Promise<number> {
  const lookup = roomLookupSchema.parse(await (await author.client.fetch(`/api/rooms/${boardId}`)).json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    const records = client.doc.getArray<Entry>(RECORDS_ARRAY)
    const withText = records.toArray().find((e) => e.val.typeName === 'shape' && e.val.props?.richText !== undefined)
    if (!withText) throw new Error('the template board has no text shape to copy')
    const richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: canary }] }] }
    records.push([{ key: 'shape:secret', val: { ...withText.val, id: 'shape:secret', props: { ...withText.val.props, richText } } }])
    await waitFor(async () => (await exportOf(author, boardId)).includes(canary), 'the text is saved', 10_000)
    const version = await created(await author.client.json(`/api/boards/${boardId}/versions`, 'POST', { name: 'draft with the text' }))
    records.delete(records.toArray().findIndex((e) => e.key === 'shape:secret'), 1)
    await waitFor(async () => !(await exportOf(author, boardId)).includes(canary), 'the deletion is saved', 10_000)
    return Number(version)
  } finally {
    client.destroy()
  }
}

/** Everything stored for a board or readable by its owner, as text (Yjs stores strings as UTF-8). */
async function everythingAbout(owner: SignedInUser, boardId: string): Promise<{ texts: string[]; shapes: number }> {
  const texts: string[] = []
  const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
  const snapshot = await db.boardSnapshot.findUnique({ where: { boardId } })
  if (snapshot) texts.push(latin1(snapshot.data))
  for (const row of await db.boardUpdate.findMany({ where: { boardId } })) texts.push(latin1(row.data))
  const list = await owner.client.fetch(`/api/boards/${boardId}/versions`)
  expect(list.status).toBe(200)
  texts.push(await list.clone().text())
  for (const v of ((await list.json()) as { versions: { id: number }[] }).versions) {
    texts.push(await (await owner.client.fetch(`/api/boards/${boardId}/versions/${v.id}`)).text())
  }
  texts.push(await exportOf(owner, boardId))
  const lookup = roomLookupSchema.parse(await (await owner.client.fetch(`/api/rooms/${boardId}`)).json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    texts.push(latin1(Y.encodeStateAsUpdate(client.doc)))
    const shapes = client.doc.getArray<Entry>(RECORDS_ARRAY).toArray().filter((e) => e.val.typeName === 'shape').length
    return { texts, shapes }
  } finally {
    client.destroy()
  }
}

describe('copies of published snapshots', () => {
  it('a community template and a group fork copied by another user carry none of the source\'s deleted text', async () => {
    const canary = `erased-${Math.random().toString(36).slice(2)}-${Date.now()}`
    const author = await signedInUser(server.baseUrl, 'author')
    const copier = await signedInUser(server.baseUrl, 'copier')
    const source = await created(await author.client.json('/api/boards', 'POST', { template: 'url-shortener' }))
    const version = await typeAndDelete(author, source, canary)

    const template = await created(await author.client.json('/api/templates/community', 'POST', { boardId: source, topic: 'caching', summary: 'A clean copy' }))
    const row = await db.publicTemplate.findUniqueOrThrow({ where: { id: template } })
    expect(Buffer.from(row.document).toString('latin1')).not.toContain(canary)
    const fromTemplate = await created(await copier.client.json('/api/boards', 'POST', { communityTemplate: template }))

    const group = await created(await author.client.json('/api/groups', 'POST', { name: 'Copy check' }))
    const invite = (await (await author.client.fetch(`/api/groups/${group}/invites`, { method: 'POST' })).json()) as { token: string }
    expect((await copier.client.json('/api/groups/join', 'POST', { token: invite.token })).status).toBe(200)
    expect((await author.client.json(`/api/groups/${group}/boards`, 'POST', { boardId: source })).status).toBe(201)
    const fork = await created(await copier.client.json(`/api/boards/${source}/fork`, 'POST', {}))

    const original = await everythingAbout(author, source)
    for (const copy of [fromTemplate, fork]) {
      const { texts, shapes } = await everythingAbout(copier, copy)
      // The copy is the source as it is now: same shapes, none of the deleted text anywhere.
      expect(shapes).toBe(original.shapes)
      expect(texts.filter((t) => t.includes(canary))).toEqual([])
    }
    // The check can see the text: the source's own named version holds it.
    expect(await (await author.client.fetch(`/api/boards/${source}/versions/${version}`)).text()).toContain(canary)
  })
  it('anonymous visitors read a community template and have no path to write it or its source', async () => {
    const author = await signedInUser(server.baseUrl, 'publisher')
    const source = await created(await author.client.json('/api/boards', 'POST', { template: 'url-shortener' }))
    const template = await created(await author.client.json('/api/templates/community', 'POST', { boardId: source, topic: 'caching', summary: 'Read only' }))
    const before = Buffer.from((await db.publicTemplate.findUniqueOrThrow({ where: { id: template } })).document)

    // Reading is public.
    const list = await fetch(`${server.baseUrl}/api/templates/community`)
    expect(list.status).toBe(200)
    expect(await list.text()).toContain(template)
    // A template is a stored snapshot with no room of its own; the only live document behind it
    // is the source board, whose room an anonymous visitor cannot look up.
    expect((await fetch(`${server.baseUrl}/api/rooms/${source}`)).status).toBe(401)
    expect((await fetch(`${server.baseUrl}/api/rooms/${template}`)).status).toBe(401)
    const anonymous = (path: string, method: string, body: unknown) =>
      fetch(`${server.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await anonymous('/api/templates/community', 'POST', { boardId: source, topic: 'caching', summary: 'Hijacked' })).status).toBe(401)
    expect((await anonymous(`/api/boards/${source}`, 'PATCH', { title: 'Hijacked' })).status).toBe(401)
    expect((await anonymous('/api/boards', 'POST', { communityTemplate: template })).status).toBe(401)

    const after = Buffer.from((await db.publicTemplate.findUniqueOrThrow({ where: { id: template } })).document)
    expect(after.equals(before)).toBe(true)
  })
})
