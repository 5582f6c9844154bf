// Restoring a version through the real product (web tier + embedded sync node, SQLite): edits, a
// named version, more edits, compaction, restore -> every connected client and the database hold
// exactly the named version's records; the restore is undone by restoring the version before it;
// viewers and strangers cannot restore.
import { join as joinPath } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { PrismaClient } from '@/generated/sqlite/client'
import { recordsArray } from '@/lib/board/layout'
import type { RestoreResult, VersionList, VersionSummary } from '@/lib/history/contract'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitFor, waitForSynced, type Client } from '../helpers/sync-harness'
import { WebClient, signedInUser, type SignedInUser } from '../helpers/web-client'

let server: AppServer
let db: PrismaClient
const clients: Client[] = []

beforeAll(async () => {
  server = await startAppServer()
  db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${joinPath(server.dataDir, 'designroom.db')}`, timeout: 10_000 }) })
}, 120_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await db?.$disconnect()
  await server?.dispose()
})

type Rec = { id: string; typeName: string; x?: number; [key: string]: unknown }

function records(doc: Y.Doc): Map<string, Rec> {
  return new Map(recordsArray<Rec>(doc).toArray().map((e) => [e.key, e.val]))
}

function recordsOfUpdate(update: Uint8Array): Map<string, Rec> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const out = new Map([...new YKeyValue<Rec>(recordsArray<Rec>(doc)).map.entries()].map(([k, e]) => [k, e.val]))
  doc.destroy()
  return out
}

async function storedRecords(boardId: string): Promise<Map<string, Rec>> {
  const loaded = await new PrismaUpdateLog(db).load(boardId)
  return recordsOfUpdate(mergeToSnapshot(loaded.snapshot, loaded.updates))
}

async function join(user: WebClient, boardId: string, query = ''): Promise<Client> {
  const lookup = roomLookupSchema.parse(await (await user.fetch(`/api/rooms/${boardId}${query}`)).json())
  const c = connectClient(lookup.url, lookup.room, lookup.token)
  clients.push(c)
  await waitForSynced(c)
  return c
}

const sameRecords = (a: Map<string, Rec>, b: Map<string, Rec>): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())

describe('restoring a version', () => {
  let owner: SignedInUser
  let boardId: string

  it('brings every client and the database back to exactly the named version, as a new change', async () => {
    owner = await signedInUser(server.baseUrl, 'restorer')
    const created = await owner.client.json('/api/boards', 'POST', { title: 'Restore me', template: 'caching' })
    expect(created.status).toBe(201)
    boardId = ((await created.json()) as { id: string }).id
    const a = await join(owner.client, boardId)
    const b = await join(owner.client, boardId)
    const kv = new YKeyValue<Rec>(recordsArray<Rec>(a.doc))
    const shapes = [...records(a.doc).values()].filter((r) => r.typeName === 'shape')
    expect(shapes.length).toBeGreaterThan(5)

    // Some edits, then a named version of the result.
    kv.set(shapes[0]!.id, { ...shapes[0]!, x: (shapes[0]!.x ?? 0) + 500 })
    kv.delete(shapes[1]!.id)
    await waitFor(async () => sameRecords(await storedRecords(boardId), records(a.doc)), 'edits saved')
    const named = await owner.client.json(`/api/boards/${boardId}/versions`, 'POST', { name: 'after requirements' })
    expect(named.status).toBe(201)
    const version = (await named.json()) as VersionSummary
    expect(version).toMatchObject({ kind: 'named', name: 'after requirements' })
    const wanted = records(a.doc)

    // More edits: a move, a deletion, a new shape; then the log is compacted under the node.
    kv.set(shapes[2]!.id, { ...shapes[2]!, x: (shapes[2]!.x ?? 0) - 300 })
    kv.delete(shapes[3]!.id)
    kv.set('shape:added-later', { ...shapes[4]!, id: 'shape:added-later', y: 900 })
    await waitFor(() => records(b.doc).has('shape:added-later'), 'second client sees the new shape')
    await waitFor(async () => (await storedRecords(boardId)).has('shape:added-later'), 'new shape saved')
    expect(await new PrismaUpdateLog(db).compact(boardId)).not.toBeNull()
    expect(await db.boardCheckpoint.count({ where: { id: version.id } })).toBe(1) // survived compaction
    const beforeRestore = records(a.doc)
    expect(sameRecords(beforeRestore, wanted)).toBe(false)

    const res = await owner.client.json(`/api/boards/${boardId}/versions/${version.id}/restore`, 'POST', {})
    expect(res.status).toBe(200)
    const { restored } = (await res.json()) as RestoreResult
    expect(restored).toMatchObject({ kind: 'restore', name: expect.stringContaining('after requirements') as unknown, authors: [owner.name] })
    for (const c of [a, b]) await waitFor(() => sameRecords(records(c.doc), wanted), 'client shows the restored version')
    expect(sameRecords(await storedRecords(boardId), wanted)).toBe(true)
    // History is never rewritten: the named version and everything before it are still listed.
    const list = (await (await owner.client.fetch(`/api/boards/${boardId}/versions`)).json()) as VersionList
    expect(list.versions.map((v) => v.id)).toContain(version.id)
    expect(list.versions[0]).toMatchObject({ id: restored.id, kind: 'restore' })

    // The state it replaced was kept as a version just before it: restoring that undoes it.
    const previous = list.versions.find((v) => v.at <= restored.at && v.id < restored.id && v.kind === 'auto')
    expect(previous).toBeDefined()
    expect((await owner.client.json(`/api/boards/${boardId}/versions/${previous!.id}/restore`, 'POST', {})).status).toBe(200)
    for (const c of [a, b]) await waitFor(() => sameRecords(records(c.doc), beforeRestore), 'client shows the state before the restore')
    expect(sameRecords(await storedRecords(boardId), beforeRestore)).toBe(true)
  })

  it('refuses viewers (403), strangers and unknown versions (404)', async () => {
    const share = (await (await owner.client.json(`/api/boards/${boardId}/shares`, 'POST', { role: 'viewer' })).json()) as { token: string }
    const list = (await (await owner.client.fetch(`/api/boards/${boardId}/versions`)).json()) as VersionList
    const vid = list.versions.at(-1)!.id
    const guest = new WebClient(server.baseUrl)
    const asViewer = await guest.json(`/api/boards/${boardId}/versions/${vid}/restore?share=${share.token}`, 'POST', {})
    expect(asViewer.status).toBe(403)
    expect(((await asViewer.json()) as { error: string }).error).toMatch(/editor/)
    const stranger = await signedInUser(server.baseUrl, 'stranger')
    expect((await stranger.client.json(`/api/boards/${boardId}/versions/${vid}/restore`, 'POST', {})).status).toBe(404)
    expect((await owner.client.json(`/api/boards/${boardId}/versions/999999/restore`, 'POST', {})).status).toBe(404)
    expect((await owner.client.json(`/api/boards/${boardId}/versions/abc/restore`, 'POST', {})).status).toBe(404)
    expect((await new WebClient(server.baseUrl).json(`/api/boards/${boardId}/versions/${vid}/restore`, 'POST', {})).status).toBe(401)
  })
})
