// The SQLite writer thread (server/sqlite-writer.ts): appends committed with synchronous=FULL on a
// worker's own connection, compactions and the WAL checkpoints there too, so nothing the node's
// thread does waits for the disk or for another process's lock, or merges a large board. The
// controls show what it prevents: with the connection's checkpoints off and no worker the WAL
// grows by everything written; the same lock wait, or the same compaction, on the node's own
// connection stalls its event loop.
import { statSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '@/lib/db.server'
import { silentLogger, type Logger } from '@/lib/log'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import * as Y from 'yjs'
import { startSqliteWriter, type SqliteWriter, type WriterLog } from '@/server/sqlite-writer'
import { holdSqliteWriteLock } from '../helpers/sqlite-lock'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'

const MB = 1024 * 1024
const WRITES = 24 // rows of 1 MiB: 24 MiB through the log
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let testDb: TestDb | null = null
let writer: SqliteWriter | null = null
const errors: unknown[] = []
const log: Pick<Logger, 'warn' | 'error'> = { warn: (message) => errors.push(message), error: (message) => errors.push(message) }

afterEach(async () => {
  await writer?.stop()
  writer = null
  await testDb?.dispose()
  testDb = null
  errors.length = 0
})

async function setup(options: { lockTimeoutMs?: number } = {}): Promise<{ t: TestDb; writer: SqliteWriter; w: WriterLog; prisma: PrismaUpdateLog }> {
  testDb = await createTestDb()
  const prisma = new PrismaUpdateLog(testDb.db)
  writer = await startSqliteWriter(testDb.db, { log, lockTimeoutMs: options.lockTimeoutMs ?? 1_000, checkpointIntervalMs: 50 })
  return { t: testDb, writer, w: writer.log(prisma), prisma }
}

async function autocheckpoint(t: TestDb): Promise<number> {
  const [row] = await t.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>('PRAGMA wal_autocheckpoint')
  return Number(row?.wal_autocheckpoint)
}

/** Appends WRITES rows of 1 MiB to one board through `append`, pausing as a live node would. */
async function writeLoad(t: TestDb, append: (room: string, update: Uint8Array) => Promise<void>): Promise<{ room: string; walBytes: number }> {
  const room = await createBoard(t.db)
  let walBytes = 0
  for (let i = 0; i < WRITES; i++) {
    await append(room, new Uint8Array(MB).fill(i))
    await sleep(60)
    walBytes = Math.max(walBytes, statSync(`${t.url.slice('file:'.length)}-wal`).size)
  }
  return { room, walBytes }
}

describe('the SQLite writer thread', () => {
  it('commits appends with synchronous=FULL; Prisma reads them back; a gone board fails only its own entry', async () => {
    const { t, writer, w, prisma } = await setup()
    expect(writer.synchronous).toBe(2) // FULL, on the worker's connection only
    const [a, b, gone] = [await createBoard(t.db), await createBoard(t.db), await createBoard(t.db)]
    await t.db.board.delete({ where: { id: gone } })
    const outcomes = await w.appendEach([a, gone, b].map((room) => ({ room, update: new Uint8Array([1, 2, 3]) })))
    expect(outcomes.map((o) => o.saved)).toEqual([true, false, true])
    expect(outcomes[1]).toMatchObject({ error: { name: 'BoardNotFoundError' } })
    expect((await prisma.load(a)).updates.map((u) => [...u])).toEqual([[1, 2, 3]])
    const rows = await t.db.boardUpdate.findMany({ where: { boardId: b }, select: { createdAt: true } })
    expect(Math.abs(rows[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000) // Prisma's DateTime form
    expect(errors).toEqual([])
  })

  it('keeps the WAL bounded while 24 MiB is written, with the connection not checkpointing; stop hands it back', async () => {
    const { t, writer: running, w } = await setup()
    expect(await autocheckpoint(t)).toBe(0)
    const { room, walBytes } = await writeLoad(t, async (r, update) => void (await w.appendEach([{ room: r, update }])))
    expect(walBytes).toBeLessThan(8 * MB)
    expect((await new PrismaUpdateLog(t.db).load(room)).updates).toHaveLength(WRITES)
    await running.stop()
    writer = null
    expect(await autocheckpoint(t)).toBe(1000)
    expect(errors).toEqual([])
  }, 60_000)

  it('control: with the connection not checkpointing and no worker, the WAL holds everything written', async () => {
    testDb = await createTestDb()
    await testDb.db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0')
    const prisma = new PrismaUpdateLog(testDb.db)
    const { walBytes } = await writeLoad(testDb, (room, update) => prisma.append(room, [update]))
    expect(walBytes).toBeGreaterThan(WRITES * MB)
  }, 60_000)

  it("an append behind another process's lock waits in the worker: the event loop stays free, the append commits after", async () => {
    const { t, w, prisma } = await setup({ lockTimeoutMs: 5_000 })
    const room = await createBoard(t.db)
    const file = t.url.slice('file:'.length)
    const lock = holdSqliteWriteLock(file)
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    histogram.enable()
    const append = w.appendEach([{ room, update: new Uint8Array([7]) }])
    await sleep(800) // this timer fires on time only because nothing blocks the loop
    lock.release()
    expect(await append).toEqual([{ saved: true }])
    histogram.disable()
    expect(histogram.max / 1e6).toBeLessThan(200)
    expect((await prisma.load(room)).updates.map((u) => [...u])).toEqual([[7]])
  }, 30_000)

  it('control: the same wait on the node’s own connection holds its event loop for the whole lock wait', async () => {
    testDb = await createTestDb()
    const product = await openDb('sqlite', testDb.url, { log: silentLogger }) // the product's 1 s wait
    const room = await createBoard(product)
    const lock = holdSqliteWriteLock(testDb.url.slice('file:'.length))
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    histogram.enable()
    await sleep(20)
    // The lock is held by this very thread, so nothing can release it while Prisma waits: the
    // append fails after the busy timeout, having blocked everything else meanwhile.
    await expect(new PrismaUpdateLog(product).append(room, [new Uint8Array([8])])).rejects.toThrow()
    await sleep(20)
    histogram.disable()
    lock.release()
    await product.$disconnect()
    expect(histogram.max / 1e6).toBeGreaterThan(900)
  }, 30_000)

  it('writes history checkpoints on the thread: Prisma reads them back the same, retention applies, a gone board is refused', async () => {
    const { t, w, prisma } = await setup()
    const room = await createBoard(t.db)
    const HOUR = 3_600_000
    const twoDaysAgo = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR
    // Two automatic checkpoints in one clock hour two days ago: the hourly tier keeps the later one.
    const early = await w.checkpoint(room, new Uint8Array([1]), new Date(twoDaysAgo + 60_000))
    const late = await w.checkpoint(room, new Uint8Array([2]), new Date(twoDaysAgo + 120_000))
    expect(late).toBeGreaterThan(early)
    const named = await w.checkpoint(room, new Uint8Array([3]), new Date(), { kind: 'named', name: 'Before the rewrite', authors: [' Ada ', 'Ada', 'Lin'] })
    const rows = await t.db.boardCheckpoint.findMany({ where: { boardId: room }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => r.id)).toEqual([late, named])
    expect(rows[0]!.at.getTime()).toBe(twoDaysAgo + 120_000)
    expect(rows[1]).toMatchObject({ kind: 'named', name: 'Before the rewrite', authors: '["Ada","Lin"]' })
    expect([...((await prisma.readCheckpoint(room, named)) ?? [])]).toEqual([3])
    const gone = await createBoard(t.db)
    await t.db.board.delete({ where: { id: gone } })
    await expect(w.checkpoint(gone, new Uint8Array([4]), new Date())).rejects.toMatchObject({ name: 'BoardNotFoundError' })
    expect(errors).toEqual([])
  })

  it("a history checkpoint behind another writer's lock waits in the worker and commits after", async () => {
    const { t, w, prisma } = await setup({ lockTimeoutMs: 5_000 })
    const room = await createBoard(t.db)
    const lock = holdSqliteWriteLock(t.url.slice('file:'.length))
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    histogram.enable()
    const written = w.checkpoint(room, new Uint8Array([9]), new Date())
    await sleep(300) // on time only because nothing blocks the loop
    lock.release()
    const id = await written
    histogram.disable()
    expect(histogram.max / 1e6).toBeLessThan(200)
    expect([...((await prisma.readCheckpoint(room, id)) ?? [])]).toEqual([9])
  }, 30_000)

  it("control: on the node's own connection the same checkpoint fails at once, as the soak logged it", async () => {
    const { t, prisma } = await setup({ lockTimeoutMs: 5_000 })
    const room = await createBoard(t.db)
    const lock = holdSqliteWriteLock(t.url.slice('file:'.length))
    try {
      // Its transaction reads the board first; SQLite refuses to turn a reader into a writer while
      // another connection holds the write lock, without waiting: SQLITE_BUSY, which Prisma's
      // adapter reports as a timeout.
      const started = performance.now()
      await expect(prisma.checkpoint(room, new Uint8Array([9]), new Date())).rejects.toThrow(/Operation has timed out/)
      expect(performance.now() - started).toBeLessThan(1_000)
    } finally {
      lock.release()
    }
  }, 30_000)

  it('compacts on the thread: the board loads the same, rows appended after survive, a gone board is refused', async () => {
    const { t, w, prisma } = await setup()
    const room = await createBoard(t.db)
    const doc = new Y.Doc()
    const edit = async (i: number): Promise<void> => {
      const before = Y.encodeStateVector(doc)
      doc.getMap('m').set(`k${i}`, i)
      doc.getMap('m').delete(`k${i - 1}`) // deleted content the snapshot must drop
      await w.appendEach([{ room, update: Y.encodeStateAsUpdate(doc, before) }])
    }
    for (let i = 0; i < 30; i++) await edit(i)
    expect(await w.compact(room)).toMatchObject({ foldedRows: 30 })
    await edit(30)
    const loaded = await prisma.load(room)
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toHaveLength(1)
    const back = new Y.Doc()
    Y.applyUpdate(back, loaded.snapshot!)
    for (const u of loaded.updates) Y.applyUpdate(back, u)
    expect(back.getMap('m').toJSON()).toEqual({ k30: 30 })
    expect(await w.compact(room)).toMatchObject({ foldedRows: 1 })
    const gone = await createBoard(t.db)
    await t.db.board.delete({ where: { id: gone } })
    await expect(w.compact(gone)).rejects.toMatchObject({ name: 'BoardNotFoundError' })
  })

  it("compacting a large board takes (almost) no time on the node's thread; on its connection it takes hundreds of ms (control)", async () => {
    const { t, w, prisma } = await setup()
    /** Milliseconds this thread's event loop was busy (not idle) while `work` ran. */
    const busyMsDuring = async (work: () => Promise<unknown>): Promise<number> => {
      const before = performance.eventLoopUtilization()
      await work()
      return performance.eventLoopUtilization(before).active
    }
    const bigBoard = async (): Promise<string> => {
      const room = await createBoard(t.db)
      const doc = new Y.Doc()
      // Records as the board stores them (objects in a Y.Array): 20,000 of them, a 2.5 MB snapshot.
      const records = doc.getArray<{ key: string; val: Record<string, unknown> }>('records')
      for (let i = 0; i < 100; i++) {
        const before = Y.encodeStateVector(doc)
        for (let j = 0; j < 200; j++) {
          const id = `shape:${i}.${j}`
          records.push([{ key: id, val: { id, typeName: 'shape', type: 'geo', x: i, y: j, props: { w: 100, h: 80, text: `box ${i}.${j}`, color: 'black' } } }])
        }
        await prisma.append(room, [Y.encodeStateAsUpdate(doc, before)])
      }
      return room
    }
    const [a, b] = [await bigBoard(), await bigBoard()]
    const onThread = await busyMsDuring(() => w.compact(a))
    const control = await busyMsDuring(() => prisma.compact(b))
    console.log(`[sqlite-writer] compaction of 20,000 records: node thread busy ${onThread.toFixed(0)} ms with the writer thread, ${control.toFixed(0)} ms on the node's connection`)
    expect(control).toBeGreaterThan(100)
    expect(onThread).toBeLessThan(control / 4)
  }, 60_000)
})
