// The SQLite writer thread (server/sqlite-writer.ts): appends committed with synchronous=FULL on a
// worker's own connection, and the WAL checkpoints there too, so nothing the node's thread does
// waits for the disk or for another process's lock. The controls show what it prevents: with the
// connection's checkpoints off and no worker the WAL grows by everything written, and the same
// lock wait on the node's own connection stalls its event loop for the whole wait.
import { statSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '@/lib/db.server'
import { silentLogger, type Logger } from '@/lib/log'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { startSqliteWriter, type SqliteWriter } from '@/server/sqlite-writer'
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

async function setup(options: { lockTimeoutMs?: number; checkpointIntervalMs?: number } = {}): Promise<{ t: TestDb; w: SqliteWriter; prisma: PrismaUpdateLog }> {
  testDb = await createTestDb()
  const prisma = new PrismaUpdateLog(testDb.db)
  writer = await startSqliteWriter(testDb.db, { fallback: prisma, log, lockTimeoutMs: options.lockTimeoutMs ?? 1_000, checkpointIntervalMs: options.checkpointIntervalMs ?? 50 })
  return { t: testDb, w: writer, prisma }
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
    const { t, w, prisma } = await setup()
    expect(w.synchronous).toBe(2) // FULL, on the worker's connection only
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
    const { t, w } = await setup()
    expect(await autocheckpoint(t)).toBe(0)
    const { room, walBytes } = await writeLoad(t, async (r, update) => void (await w.appendEach([{ room: r, update }])))
    expect(walBytes).toBeLessThan(8 * MB)
    expect((await new PrismaUpdateLog(t.db).load(room)).updates).toHaveLength(WRITES)
    await w.stop()
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
})
