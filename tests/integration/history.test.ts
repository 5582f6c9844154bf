// Board history (issue 8): the UpdateLog checkpoint contract on the Prisma log (SQLite), and the
// versions API against the real server (web tier + embedded sync node): list, name, read, who may
// do what, body validation, foreign version ids, compaction and retention.
import { join as joinPath } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { PrismaClient } from '@/generated/sqlite/client'
import { recordsArray } from '@/lib/board/layout'
import { MAX_VERSION_NAME, type VersionList, type VersionRecords, type VersionSummary } from '@/lib/history/contract'
import { describeRetention } from '@/lib/history/retention'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { updateLogContract } from '../contract/update-log.contract'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { createBoard as createBoardRow, createTestDb } from '../helpers/sync-db'
import { WebClient, signedInUser, type SignedInUser } from '../helpers/web-client'

updateLogContract('prisma (sqlite)', async () => {
  const testDb = await createTestDb()
  const log = new PrismaUpdateLog(testDb.db)
  return {
    log,
    createBoard: () => createBoardRow(testDb.db),
    async deleteBoard(room) {
      await testDb.db.board.delete({ where: { id: room } })
    },
    async stored(room) {
      const rows = await testDb.db.boardCheckpoint.findMany({ where: { boardId: room }, orderBy: { id: 'asc' } })
      return rows.map((r) => ({ id: r.id, at: r.at.getTime(), kind: r.kind, name: r.name, authors: JSON.parse(r.authors) as string[] }))
    },
    close: () => testDb.dispose(),
  }
})

const HOUR = 3_600_000
const DAY = 24 * HOUR

type Rec = { id: string; typeName: string; x: number }

/** An update that sets these records, as a client's edit would. */
function edit(...recs: Rec[]): Uint8Array {
  const doc = new Y.Doc()
  const kv = new YKeyValue<Rec>(recordsArray<Rec>(doc))
  for (const r of recs) kv.set(r.id, r)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

function shape(n: number): Rec {
  return { id: `shape:s${n}`, typeName: 'shape', x: n * 10 }
}

function ids(records: unknown[]): string[] {
  return records.map((r) => (r as { id: string }).id).sort()
}

describe('versions API', () => {
  let server: AppServer
  let db: PrismaClient
  let log: PrismaUpdateLog
  let owner: SignedInUser
  let viewer: SignedInUser
  let stranger: SignedInUser

  beforeAll(async () => {
    server = await startAppServer()
    db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${joinPath(server.dataDir, 'designroom.db')}`, timeout: 10_000 }) })
    log = new PrismaUpdateLog(db)
    owner = await signedInUser(server.baseUrl, 'owner')
    viewer = await signedInUser(server.baseUrl, 'viewer')
    stranger = await signedInUser(server.baseUrl, 'stranger')
  }, 120_000)
  afterAll(async () => {
    await db?.$disconnect()
    await server?.dispose()
  })

  /** A board owned by `owner` with `viewer` as a viewer member. */
  async function board(): Promise<string> {
    const res = await owner.client.json('/api/boards', 'POST', { title: 'History' })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    await db.boardMember.create({ data: { boardId: id, userId: viewer.id, role: 'viewer' } })
    return id
  }

  async function name(user: WebClient, boardId: string, body: unknown): Promise<Response> {
    return user.json(`/api/boards/${boardId}/versions`, 'POST', body)
  }

  async function list(user: WebClient, boardId: string, query = ''): Promise<VersionList> {
    const res = await user.fetch(`/api/boards/${boardId}/versions${query}`)
    expect(res.status).toBe(200)
    return (await res.json()) as VersionList
  }

  it('names the saved board, lists versions newest first, and reads one back with its records', async () => {
    const boardId = await board()
    await log.append(boardId, [edit(shape(1), shape(2))])
    const created = await name(owner.client, boardId, { name: '  after requirements  ' })
    expect(created.status).toBe(201)
    const first = (await created.json()) as VersionSummary
    expect(first).toEqual({ id: expect.any(Number), at: expect.any(Number), kind: 'named', name: 'after requirements', authors: [owner.name] })
    expect(Math.abs(first.at - Date.now())).toBeLessThan(60_000)

    await log.append(boardId, [edit(shape(3))])
    const second = (await (await name(owner.client, boardId, { name: 'high-level design' })).json()) as VersionSummary
    // An automatic checkpoint from the node, with its authors, shows up too.
    const auto = await log.checkpoint(boardId, edit(shape(1)), new Date(second.at + 1), { kind: 'auto', authors: ['Ada'] })

    const listed = await list(owner.client, boardId)
    expect(listed.retention).toBe(describeRetention())
    expect(listed.versions.map((v) => v.id)).toEqual([auto, second.id, first.id])
    expect(listed.versions[0]).toEqual({ id: auto, at: second.at + 1, kind: 'auto', name: null, authors: ['Ada'] })

    const read = await owner.client.fetch(`/api/boards/${boardId}/versions/${first.id}`)
    expect(read.status).toBe(200)
    const body = (await read.json()) as VersionRecords
    expect(body.version).toEqual(first)
    expect(ids(body.records)).toEqual(['shape:s1', 'shape:s2'])
    const later = (await (await owner.client.fetch(`/api/boards/${boardId}/versions/${second.id}`)).json()) as VersionRecords
    expect(ids(later.records)).toEqual(['shape:s1', 'shape:s2', 'shape:s3'])
  })

  it('viewers and share-link guests list and read but cannot name (403); strangers get 404', async () => {
    const boardId = await board()
    const v = (await (await name(owner.client, boardId, { name: 'v1' })).json()) as VersionSummary

    expect((await list(viewer.client, boardId)).versions.map((x) => x.id)).toEqual([v.id])
    expect((await viewer.client.fetch(`/api/boards/${boardId}/versions/${v.id}`)).status).toBe(200)
    const refused = await name(viewer.client, boardId, { name: 'mine' })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({ error: expect.stringContaining('editor role') })

    // A viewer share link, used without signing in.
    const share = await owner.client.json(`/api/boards/${boardId}/shares`, 'POST', { role: 'viewer' })
    const { token } = (await share.json()) as { token: string }
    const guest = new WebClient(server.baseUrl)
    expect((await list(guest, boardId, `?share=${token}`)).versions).toHaveLength(1)
    expect((await guest.fetch(`/api/boards/${boardId}/versions/${v.id}?share=${token}`)).status).toBe(200)
    expect((await guest.json(`/api/boards/${boardId}/versions?share=${token}`, 'POST', { name: 'x' })).status).toBe(403)
    // An editor link may name versions; the author is shown as Guest.
    const editShare = (await (await owner.client.json(`/api/boards/${boardId}/shares`, 'POST', { role: 'editor' })).json()) as { token: string }
    const byGuest = await guest.json(`/api/boards/${boardId}/versions?share=${editShare.token}`, 'POST', { name: 'by a guest' })
    expect(byGuest.status).toBe(201)
    expect(((await byGuest.json()) as VersionSummary).authors).toEqual(['Guest'])

    for (const res of [
      await stranger.client.fetch(`/api/boards/${boardId}/versions`),
      await stranger.client.fetch(`/api/boards/${boardId}/versions/${v.id}`),
      await name(stranger.client, boardId, { name: 'nope' }),
      await stranger.client.fetch('/api/boards/no-such-board/versions'),
    ]) {
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: 'board not found' })
    }
    expect((await new WebClient(server.baseUrl).fetch(`/api/boards/${boardId}/versions`)).status).toBe(401)
  })

  it('rejects bad bodies with 400 and a message', async () => {
    const boardId = await board()
    const cases: [unknown, string][] = [
      [{ name: '' }, 'name must not be empty'],
      [{ name: '    ' }, 'name must not be empty'],
      [{ name: 'x'.repeat(MAX_VERSION_NAME + 1) }, `name must be at most ${MAX_VERSION_NAME} characters`],
      [{ name: 'ok', kind: 'restore' }, 'unknown field(s): kind'],
      [{}, ''],
      [{ name: 42 }, ''],
      [[], ''],
    ]
    for (const [body, message] of cases) {
      const res = await name(owner.client, boardId, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const { error } = (await res.json()) as { error: string }
      expect(error.length).toBeGreaterThan(0)
      if (message) expect(error).toBe(message)
    }
    const notJson = await owner.client.fetch(`/api/boards/${boardId}/versions`, { method: 'POST', body: '{name' })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({ error: 'body is not valid JSON' })
    expect((await name(owner.client, boardId, { name: 'x'.repeat(MAX_VERSION_NAME) })).status).toBe(201)
    expect((await list(owner.client, boardId)).versions).toHaveLength(1)
  })

  it("a version id of another board, an unknown id or a malformed one is 404", async () => {
    const mine = await board()
    const theirs = await board()
    const other = (await (await name(owner.client, theirs, { name: 'theirs' })).json()) as VersionSummary
    for (const vid of [String(other.id), String(other.id + 1000), 'abc', '0', '-1', '1e3', '99999999999']) {
      const res = await owner.client.fetch(`/api/boards/${mine}/versions/${vid}`)
      expect(res.status, vid).toBe(404)
      expect(await res.json()).toEqual({ error: 'version not found' })
    }
  })

  it('versions survive compaction of the log', async () => {
    const boardId = await board()
    await log.append(boardId, [edit(shape(1))])
    const v = (await (await name(owner.client, boardId, { name: 'before compaction' })).json()) as VersionSummary
    await log.append(boardId, [edit(shape(2))])
    await log.append(boardId, [edit(shape(3))])
    expect(await log.compact(boardId)).not.toBeNull()
    expect(await db.boardUpdate.count({ where: { boardId } })).toBe(0)

    expect((await list(owner.client, boardId)).versions.map((x) => x.id)).toEqual([v.id])
    const read = (await (await owner.client.fetch(`/api/boards/${boardId}/versions/${v.id}`)).json()) as VersionRecords
    expect(read.records).toEqual([shape(1)])
    // And naming after compaction reads the compacted state.
    const after = (await (await name(owner.client, boardId, { name: 'after' })).json()) as VersionSummary
    const now = (await (await owner.client.fetch(`/api/boards/${boardId}/versions/${after.id}`)).json()) as VersionRecords
    expect(ids(now.records)).toEqual(['shape:s1', 'shape:s2', 'shape:s3'])
  })

  it('naming a version applies retention: old automatic versions are thinned, named ones kept', async () => {
    const boardId = await board()
    const now = Date.now()
    const write = (ageMs: number, kind: 'auto' | 'named' = 'auto') =>
      log.checkpoint(boardId, edit(shape(1)), new Date(now - ageMs), kind === 'named' ? { kind, name: 'old name' } : undefined)
    const ancient = await write(200 * DAY)
    const ancientNamed = await write(200 * DAY, 'named')
    // Two in one UTC day 30 days ago: the later one stays.
    const dayStart = Math.floor((now - 30 * DAY) / DAY) * DAY
    const early = await log.checkpoint(boardId, edit(shape(1)), new Date(dayStart + HOUR))
    const late = await log.checkpoint(boardId, edit(shape(1)), new Date(dayStart + 2 * HOUR))
    const recent = await write(HOUR)
    // The writes above each applied retention relative to themselves; the 200-day-old one went
    // as soon as a newer checkpoint was written. Naming one now applies it once more.
    const named = (await (await name(owner.client, boardId, { name: 'now' })).json()) as VersionSummary
    const listed = (await list(owner.client, boardId)).versions.map((v) => v.id)
    expect(listed).toEqual([named.id, recent, late, ancientNamed])
    expect(listed).not.toContain(ancient)
    expect(listed).not.toContain(early)
    expect((await owner.client.fetch(`/api/boards/${boardId}/versions/${ancient}`)).status).toBe(404)
  })
})
