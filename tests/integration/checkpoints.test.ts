// Automatic checkpoints through a real sync node: on the Prisma update log (temp SQLite) they show
// the board growing, end in the stored state, survive compaction and come back as replay frames;
// on the memory log, a failing or hanging checkpoint never holds up appends, acks or unloads.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@/lib/board/layout'
import { checkpointFramesFrom } from '@/lib/history/checkpoints.server'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { messageSaved } from '@/lib/protocol/message-types'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

let testDb: TestDb
const servers: SyncServer[] = []
const clients: Client[] = []

beforeAll(async () => {
  testDb = await createTestDb()
})
afterAll(async () => {
  await testDb?.dispose()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function start(updateLog: UpdateLog, options: Parameters<typeof startSyncServer>[0] = {}): Promise<SyncServer> {
  const server = await startSyncServer({ updateLog, ...options })
  servers.push(server)
  return server
}

async function join(server: SyncServer, room: string): Promise<Client> {
  const c = connectClient(server.url, room, await roomToken(room))
  clients.push(c)
  await waitForSynced(c)
  return c
}

/** A client subscribed to saved acks; `acks` collects the acked state vectors. */
async function joinWithAcks(server: SyncServer, room: string): Promise<{ c: Client; acks: Map<number, number>[] }> {
  const c = connectClient(server.url, room, await roomToken(room), { saved: '1' })
  clients.push(c)
  const acks: Map<number, number>[] = []
  c.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 1) acks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)))
  }
  await waitForSynced(c)
  return { c, acks }
}

/** The board's records in a full-state update, rightmost entry per key (docs/board-document.md). */
function recordsOf(update: Uint8Array): Map<string, unknown> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const records = new Map(recordsArray(doc).toArray().map((e) => [e.key, e.val]))
  doc.destroy()
  return records
}

function shape(i: number): { id: string; typeName: 'shape'; x: number } {
  return { id: `shape:s${i}`, typeName: 'shape', x: i * 10 }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function storedCheckpoints(room: string) {
  return testDb.db.boardCheckpoint.findMany({ where: { boardId: room }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
}

describe('checkpoints on the Prisma update log', () => {
  it('edits over time leave checkpoints showing the board grow, ending in the stored state, kept by compaction', async () => {
    const room = await createBoard(testDb.db)
    // maxRows 4: the log is compacted several times while the checkpoints are being written.
    const server = await start(new PrismaUpdateLog(testDb.db), { tuning: { checkpointIntervalMs: 120, flushDelayMs: 1 }, compaction: { maxRows: 4 } })
    const c = await join(server, room)
    const kv = new YKeyValue(recordsArray(c.doc))
    for (let i = 0; i < 12; i++) {
      kv.set(`shape:s${i}`, shape(i))
      await sleep(60)
    }
    await waitFor(() => server.node.stats().pendingBytes === 0, 'batches written')
    c.destroy()
    await waitFor(() => server.node.stats().rooms === 0, 'room unloaded (final checkpoint written)')
    expect(server.node.stats().roomTimers).toBe(0)

    const checkpoints = await storedCheckpoints(room)
    expect(checkpoints.length).toBeGreaterThanOrEqual(3)
    const keySets = checkpoints.map((cp) => new Set(recordsOf(cp.data).keys()))
    for (let i = 1; i < keySets.length; i++) {
      for (const key of keySets[i - 1]!) expect(keySets[i]!.has(key)).toBe(true)
      expect(checkpoints[i]!.at.getTime()).toBeGreaterThanOrEqual(checkpoints[i - 1]!.at.getTime())
    }
    expect(keySets[0]!.size).toBeLessThan(12) // the first one was taken mid-way
    expect(await testDb.db.boardSnapshot.count({ where: { boardId: room } })).toBe(1) // compaction ran

    // The last checkpoint is the board as stored once the last client left.
    const loaded = await new PrismaUpdateLog(testDb.db).load(room)
    const stored = recordsOf(mergeToSnapshot(loaded.snapshot, loaded.updates))
    expect(stored.size).toBe(12)
    expect(recordsOf(checkpoints.at(-1)!.data)).toEqual(stored)

    // A further compaction folds the log but leaves every checkpoint alone.
    const more = new Y.Doc()
    more.getMap('m').set('late', 1)
    await new PrismaUpdateLog(testDb.db).append(room, [Y.encodeStateAsUpdate(more)])
    expect(await new PrismaUpdateLog(testDb.db).compact(room)).not.toBeNull()
    expect((await storedCheckpoints(room)).map((cp) => cp.id)).toEqual(checkpoints.map((cp) => cp.id))
  })

  it('a graceful shutdown writes a final checkpoint of edits made since the last one', async () => {
    const room = await createBoard(testDb.db)
    const server = await start(new PrismaUpdateLog(testDb.db), { tuning: { checkpointIntervalMs: 60_000, flushDelayMs: 1 } })
    const c = await join(server, room)
    new YKeyValue(recordsArray(c.doc)).set('shape:s1', shape(1))
    await waitFor(() => server.node.roomStats(room)?.log.rows === 1, 'appended')
    expect(await storedCheckpoints(room)).toEqual([]) // the interval has not passed
    await server.close()
    const checkpoints = await storedCheckpoints(room)
    expect(checkpoints.length).toBe(1)
    expect([...recordsOf(checkpoints[0]!.data).keys()]).toEqual(['shape:s1'])
  })

  it('an unload with nothing new since the last checkpoint writes none', async () => {
    const room = await createBoard(testDb.db)
    const server = await start(new PrismaUpdateLog(testDb.db), { tuning: { checkpointIntervalMs: 50, flushDelayMs: 1 } })
    const c = await join(server, room)
    new YKeyValue(recordsArray(c.doc)).set('shape:s1', shape(1))
    await waitFor(async () => (await storedCheckpoints(room)).length === 1, 'periodic checkpoint')
    c.destroy()
    await waitFor(() => server.node.stats().rooms === 0, 'room unloaded')
    expect((await storedCheckpoints(room)).length).toBe(1)
  })

  it('a checkpoint for a deleted board is refused as not found', async () => {
    const room = await createBoard(testDb.db)
    await testDb.db.board.delete({ where: { id: room } })
    await expect(new PrismaUpdateLog(testDb.db).checkpoint(room, new Uint8Array([0, 0]), new Date())).rejects.toMatchObject({ name: 'BoardNotFoundError' })
  })

  it('checkpointFrames returns the state at the start of the window, then the window, ascending', async () => {
    const room = await createBoard(testDb.db)
    const log = new PrismaUpdateLog(testDb.db)
    const doc = new Y.Doc()
    const kv = new YKeyValue(recordsArray(doc))
    const t0 = Date.UTC(2026, 10, 29, 9, 0, 0)
    // Written out of order: the frames come back sorted by time all the same.
    for (const i of [3, 0, 5, 1, 4, 2]) {
      kv.set(`shape:s${i}`, shape(i))
      const state = new Y.Doc()
      for (let k = 0; k <= i; k++) new YKeyValue(recordsArray(state)).set(`shape:s${k}`, shape(k))
      await log.checkpoint(room, Y.encodeStateAsUpdate(state), new Date(t0 + i * 1_000))
    }
    const other = await createBoard(testDb.db)
    await log.checkpoint(other, Y.encodeStateAsUpdate(doc), new Date(t0 + 2_500))

    const at = (frames: { at: number }[]) => frames.map((f) => (f.at - t0) / 1_000)
    // Start frame = latest at or before fromMs (here exactly at it); toMs is inclusive.
    const frames = await checkpointFramesFrom(testDb.db, room, t0 + 1_000, t0 + 4_000)
    expect(at(frames)).toEqual([1, 2, 3, 4])
    expect(frames.map((f) => recordsOf(f.update).size)).toEqual([2, 3, 4, 5])
    // Between checkpoints: the one before the window starts it.
    expect(at(await checkpointFramesFrom(testDb.db, room, t0 + 1_500, t0 + 3_500))).toEqual([1, 2, 3])
    // Before the first checkpoint: no starting frame.
    expect(at(await checkpointFramesFrom(testDb.db, room, t0 - 10_000, t0 + 1_000))).toEqual([0, 1])
    // After the last: only the final state.
    expect(at(await checkpointFramesFrom(testDb.db, room, t0 + 60_000, t0 + 90_000))).toEqual([5])
    // Over budget: thinned evenly, first and last kept.
    expect(at(await checkpointFramesFrom(testDb.db, room, t0, t0 + 5_000, 3))).toEqual([0, 3, 5])
    expect(await checkpointFramesFrom(testDb.db, 'no-such-board', t0, t0 + 5_000)).toEqual([])
  })

  it('checkpointFrames reads through the app database client', async () => {
    process.env.DB_PROVIDER = 'sqlite'
    process.env.DATABASE_URL = testDb.url
    process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'
    const { db } = await import('@/lib/db.server')
    const { checkpointFrames } = await import('@/lib/history/checkpoints.server')
    const room = await createBoard(testDb.db)
    await new PrismaUpdateLog(testDb.db).checkpoint(room, new Uint8Array([0, 0]), new Date(5_000))
    try {
      expect(await checkpointFrames(room, 6_000, 7_000)).toEqual([{ at: 5_000, update: new Uint8Array([0, 0]) }])
    } finally {
      await (await db()).$disconnect()
    }
  })
})

describe('checkpoints stay out of the write path', () => {
  it('a failing checkpoint store never blocks appends or saved acks, and is retried', async () => {
    const log = new MemoryUpdateLog()
    log.checkpointError = new Error('checkpoint table locked')
    const server = await start(log, { tuning: { checkpointIntervalMs: 50, flushDelayMs: 1 } })
    const { c, acks } = await joinWithAcks(server, 'flaky')
    const kv = new YKeyValue(recordsArray(c.doc))
    for (let i = 0; i < 3; i++) {
      kv.set(`shape:s${i}`, shape(i))
      const clock = Y.getState(c.doc.store, c.doc.clientID)
      await waitFor(() => acks.some((sv) => (sv.get(c.doc.clientID) ?? 0) >= clock), `ack for edit ${i}`)
      await sleep(60)
    }
    await waitFor(() => log.checkpointCalls >= 2, 'checkpoint retried')
    expect(log.checkpoints('flaky')).toEqual([])
    expect(log.rowCount('flaky')).toBe(3)
    log.checkpointError = undefined
    await waitFor(() => log.checkpoints('flaky').length === 1, 'retry succeeded')
    expect(recordsOf(log.checkpoints('flaky')[0]!.data).size).toBe(3)
  })

  it('a hanging checkpoint store holds up neither acks nor the unload, and leaves no timer', async () => {
    const log = new MemoryUpdateLog()
    let calls = 0
    const hanging: UpdateLog = {
      load: (r) => log.load(r),
      append: (r, u) => log.append(r, u),
      compact: (r) => log.compact(r),
      readCheckpoint: (r, id) => log.readCheckpoint(r, id),
      checkpoint: () => {
        calls++
        return new Promise(() => {})
      },
    }
    const server = await start(hanging, { tuning: { checkpointIntervalMs: 30, flushDelayMs: 1, flushDeadlineMs: 200 } })
    const { c, acks } = await joinWithAcks(server, 'stuck')
    const kv = new YKeyValue(recordsArray(c.doc))
    kv.set('shape:s0', shape(0))
    await waitFor(() => calls === 1, 'checkpoint started')
    kv.set('shape:s1', shape(1))
    const clock = Y.getState(c.doc.store, c.doc.clientID)
    await waitFor(() => acks.some((sv) => (sv.get(c.doc.clientID) ?? 0) >= clock), 'ack while the checkpoint hangs')
    expect(log.rowCount('stuck')).toBe(2)
    c.destroy()
    await waitFor(() => server.node.stats().rooms === 0, 'room unloaded despite the hanging checkpoint', 3_000)
    expect(server.node.stats().roomTimers).toBe(0)
  })
})
