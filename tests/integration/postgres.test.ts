// The PostgreSQL path (DB_PROVIDER=postgres) against a real throwaway cluster: the Postgres
// migrations deploy, the update log round-trips through a sync node, and the app's own db()
// (lib/db.server.ts) builds a working Postgres client.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as PostgresClient } from '@/generated/postgres/client'
import type { Db } from '@/lib/db.server'
import { checkpointFramesFrom } from '@/lib/history/checkpoints.server'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { updateLogContract } from '../contract/update-log.contract'
import { startPostgres, type PostgresServer } from '../helpers/postgres-server'
import { createBoard } from '../helpers/sync-db'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')

/** `prisma migrate deploy` with the Postgres schema and migrations (prisma.config.ts picks them). */
function migrateDeploy(url: string) {
  return spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    env: { ...process.env, DB_PROVIDER: 'postgres', DATABASE_URL: url },
    encoding: 'utf8',
  })
}

let pg: PostgresServer
/** Typed as the app's Db (the SQLite client type), exactly as lib/db.server.ts does for Postgres. */
let logDb: Db
const servers: SyncServer[] = []
const clients: Client[] = []

beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(async () => {
  await logDb?.$disconnect()
  await pg?.stop()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

describe('postgres migrations', () => {
  it('migrate deploy applies every shipped migration to a fresh database, and a re-run is a no-op', async () => {
    const first = migrateDeploy(pg.url)
    expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0)
    expect(first.stdout).toContain('All migrations have been successfully applied')
    const again = migrateDeploy(pg.url)
    expect(again.status, `${again.stdout}\n${again.stderr}`).toBe(0)
    expect(again.stdout).toContain('No pending migrations')

    logDb = postgresClient(pg.url)
    const applied = await logDb.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    )
    const shipped = readdirSync(join(import.meta.dirname, '../../prisma/postgres/migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
    expect(shipped[0]).toMatch(/_init$/)
    expect(applied.map((m) => m.migration_name).sort()).toEqual(shipped.sort())
  }, 90_000) // each Postgres deploy takes ~11 s: see docs/database.md, "Known slowness"
})

/** A Postgres client built like lib/db.server.ts builds it, typed as the app's Db. */
function postgresClient(url: string): Db {
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db
}

async function storedText(room: string, name: string): Promise<string> {
  const loaded = await new PrismaUpdateLog(logDb).load(room)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeToSnapshot(loaded.snapshot, loaded.updates))
  return doc.getText(name).toString()
}

// Runs after the migration suite above (vitest runs a file's tests in order), which sets logDb.
describe('PrismaUpdateLog on postgres', () => {
  async function start(options: Parameters<typeof startSyncServer>[0] = {}): Promise<SyncServer> {
    const server = await startSyncServer({ updateLog: new PrismaUpdateLog(logDb), ...options })
    servers.push(server)
    return server
  }
  function client(server: SyncServer, room: string, token: string): Client {
    const c = connectClient(server.url, room, token)
    clients.push(c)
    return c
  }

  it('append and load round-trip bytes exactly', async () => {
    const room = await createBoard(logDb)
    const log = new PrismaUpdateLog(logDb)
    const updates = [new Uint8Array([0, 1, 2, 255]), new Uint8Array(70_000).fill(7)]
    await log.append(room, updates)
    const loaded = await log.load(room)
    expect(loaded.snapshot).toBeNull()
    expect(loaded.updates.map((u) => Array.from(u))).toEqual(updates.map((u) => Array.from(u)))
  })

  it('a restart (new node on the same database) keeps the content', async () => {
    const room = await createBoard(logDb)
    const first = await start()
    const a = client(first, room, await roomToken(room))
    await waitForSynced(a)
    a.doc.getText('t').insert(0, 'kept across restarts')
    await waitFor(() => first.node.stats().pendingBytes === 0 && first.node.roomStats(room)?.log.rows === 1, 'appended')
    a.destroy()
    await first.close()

    const second = await start()
    const b = client(second, room, await roomToken(room))
    await waitForSynced(b)
    expect(b.doc.getText('t').toString()).toBe('kept across restarts')
  })

  it('compaction keeps the content and folds the rows into one snapshot', async () => {
    const room = await createBoard(logDb)
    const server = await start({ compaction: { maxRows: 10 }, tuning: { flushDelayMs: 1 } })
    const c = client(server, room, await roomToken(room))
    await waitForSynced(c)
    const text = c.doc.getText('t')
    for (let i = 0; i < 30; i++) {
      text.insert(text.length, `line ${i} `)
      await waitFor(() => server.node.stats().pendingBytes === 0, 'batch written', 2_000)
      await new Promise((resolve) => setImmediate(resolve))
    }
    await waitFor(async () => (await logDb.boardSnapshot.count({ where: { boardId: room } })) === 1, 'snapshot written')
    await waitFor(async () => (await logDb.boardUpdate.count({ where: { boardId: room } })) < 10, 'rows folded')
    const expected = text.toString()
    await waitFor(async () => (await storedText(room, 't')) === expected, 'stored state matches')

    // A direct compaction folds whatever is left; the content must survive it too.
    await new PrismaUpdateLog(logDb).compact(room)
    expect(await logDb.boardUpdate.count({ where: { boardId: room } })).toBe(0)
    expect(await storedText(room, 't')).toBe(expected)
  })

  it('an append to a deleted board is refused (foreign key cascade on postgres)', async () => {
    const room = await createBoard(logDb)
    const log = new PrismaUpdateLog(logDb)
    await log.append(room, [new Uint8Array([1])])
    await logDb.board.delete({ where: { id: room } })
    expect(await logDb.boardUpdate.count({ where: { boardId: room } })).toBe(0)
    await expect(log.append(room, [new Uint8Array([2])])).rejects.toMatchObject({ name: 'BoardNotFoundError' })
  })

  it('checkpoints round-trip, survive compaction, come back as frames, and go with their board', async () => {
    const room = await createBoard(logDb)
    const log = new PrismaUpdateLog(logDb)
    await log.append(room, [new Uint8Array([0, 0])])
    const state = new Uint8Array(70_000).fill(9)
    await log.checkpoint(room, state, new Date(1_000))
    await log.checkpoint(room, new Uint8Array([1, 2, 3]), new Date(2_000))
    await log.compact(room)
    const frames = await checkpointFramesFrom(logDb, room, 1_500, 3_000)
    expect(frames.map((f) => f.at)).toEqual([1_000, 2_000])
    expect(Array.from(frames[0]!.update)).toEqual(Array.from(state))
    await logDb.board.delete({ where: { id: room } })
    expect(await logDb.boardCheckpoint.count({ where: { boardId: room } })).toBe(0)
    await expect(log.checkpoint(room, state, new Date())).rejects.toMatchObject({ name: 'BoardNotFoundError' })
  })
})

// After the migrations suite above, which creates logDb.
updateLogContract('prisma (postgres)', async () => ({
  log: new PrismaUpdateLog(logDb),
  createBoard: () => createBoard(logDb),
  async deleteBoard(room) {
    await logDb.board.delete({ where: { id: room } })
  },
  async stored(room) {
    const rows = await logDb.boardCheckpoint.findMany({ where: { boardId: room }, orderBy: { id: 'asc' } })
    return rows.map((r) => ({ id: r.id, at: r.at.getTime(), kind: r.kind, name: r.name, authors: JSON.parse(r.authors) as string[] }))
  },
  close: async () => {},
}))

describe('lib/db.server.ts with DB_PROVIDER=postgres', () => {
  it('db() returns a Postgres client that the app modules use', async () => {
    // A database of its own, so the app's cached global client shares nothing with logDb.
    const url = await pg.createDatabase('designroom_app')
    const migrated = migrateDeploy(url)
    expect(migrated.status, `${migrated.stdout}\n${migrated.stderr}`).toBe(0)
    // serverEnv() parses and caches process.env on first use, which is below; vitest isolates
    // each test file's modules, so this does not leak into other files.
    process.env.DB_PROVIDER = 'postgres'
    process.env.DATABASE_URL = url
    process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'

    const { db } = await import('@/lib/db.server')
    const users = await import('@/lib/auth/users.server')
    const boards = await import('@/lib/boards/boards.server')
    const client = await db()
    try {
      const [{ database }] = await client.$queryRawUnsafe<[{ database: string }]>('SELECT current_database()::text AS database')
      expect(database).toBe('designroom_app')

      const signup = await users.createPasswordUser({ email: 'pg@example.test', name: 'Pg', password: 'correct horse battery' })
      if (!signup.ok) throw new Error(`signup failed: ${signup.reason}`)
      // The unique index on email maps to the same "taken" result as on SQLite.
      const again = await users.createPasswordUser({ email: 'pg@example.test', name: 'Pg', password: 'correct horse battery' })
      expect(again).toEqual({ ok: false, reason: 'email-taken' })
      expect(await users.checkCredentials('pg@example.test', 'correct horse battery')).toMatchObject({ id: signup.user.id })

      const board = await boards.createBoard(signup.user.id, 'On Postgres')
      expect(await boards.listBoardsFor(signup.user.id)).toEqual([board])

      // The access check is one hand-written join (lib/boards/access.server.ts): same answers here.
      const access = await import('@/lib/boards/access.server')
      const shares = await import('@/lib/boards/share-token')
      const groups = await import('@/lib/groups/groups.server')
      const publications = await import('@/lib/groups/publications.server')
      const link = async (role: string, revokedAt: Date | null): Promise<string> => {
        const token = shares.newShareToken()
        await client.share.create({ data: { boardId: board.id, createdById: signup.user.id, role, tokenHash: shares.hashShareToken(token), revokedAt } })
        return token
      }
      const stranger = (await client.user.create({ data: { email: 'stranger@example.test', name: 'S' } })).id
      const owner = { ok: true, board: { id: board.id, title: 'On Postgres' }, role: 'owner', via: 'member' }
      expect(await access.resolveBoardAccess(board.id, { userId: signup.user.id })).toEqual(owner)
      expect(await access.resolveBoardAccess(board.id, { shareToken: await link('viewer', null) })).toMatchObject({ ok: true, role: 'viewer' })
      expect(await access.resolveBoardAccess(board.id, { shareToken: await link('editor', new Date()) })).toMatchObject({ ok: false, status: 403 })
      expect(await access.resolveBoardAccess(board.id, { userId: stranger })).toMatchObject({ ok: false, status: 404 })
      expect(await access.resolveBoardAccess('c0000000000000000000000000', { userId: signup.user.id })).toMatchObject({ ok: false, status: 404 })
      const group = await groups.createGroup(signup.user.id, 'Study group')
      await groups.addMember(group.id, stranger)
      await publications.publishBoard(group.id, board.id, signup.user.id)
      expect(await access.resolveBoardAccess(board.id, { userId: stranger })).toMatchObject({ ok: true, role: 'viewer', via: 'group' })

      await boards.deleteBoard(board.id)
      expect(await boards.listBoardsFor(signup.user.id)).toEqual([])
    } finally {
      await client.$disconnect()
    }
  }, 60_000)
})
