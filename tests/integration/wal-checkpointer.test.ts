// SQLite WAL checkpoints off the node's thread (server/wal-checkpointer.ts): the node's connection
// stops checkpointing inside its commits, a worker thread's own connection does it on a timer, and
// the write-ahead log stays bounded. The control shows what the worker prevents: with the
// connection's checkpoints off and no worker, the log grows by everything written.
import { statSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { startWalCheckpointer, type WalCheckpointer } from '@/server/wal-checkpointer'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'

const MB = 1024 * 1024
const WRITES = 24 // rows of 1 MiB: 24 MiB through the log
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let testDb: TestDb | null = null
let checkpointer: WalCheckpointer | null = null

afterEach(async () => {
  await checkpointer?.stop()
  checkpointer = null
  await testDb?.dispose()
  testDb = null
})

async function autocheckpoint(t: TestDb): Promise<number> {
  const [row] = await t.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>('PRAGMA wal_autocheckpoint')
  return Number(row?.wal_autocheckpoint)
}

/** Appends WRITES rows of 1 MiB to one board, pausing between them as a live node would. */
async function writeLoad(t: TestDb): Promise<{ room: string; walBytes: number }> {
  const room = await createBoard(t.db)
  const log = new PrismaUpdateLog(t.db)
  let walBytes = 0
  for (let i = 0; i < WRITES; i++) {
    await log.append(room, [new Uint8Array(MB).fill(i)])
    await sleep(60)
    walBytes = Math.max(walBytes, statSync(`${t.url.slice('file:'.length)}-wal`).size)
  }
  return { room, walBytes }
}

describe('WAL checkpoints off the node thread', () => {
  it("the connection stops checkpointing, the worker keeps the WAL bounded, and stop hands it back", async () => {
    testDb = await createTestDb()
    const errors: unknown[] = []
    checkpointer = await startWalCheckpointer(testDb.db, { intervalMs: 50, log: { warn: (...a) => errors.push(a), error: (...a) => errors.push(a) } })
    expect(await autocheckpoint(testDb)).toBe(0)
    const { room, walBytes } = await writeLoad(testDb)
    // 24 MiB written; checkpointed every 50 ms the log is reused from its start and stays small.
    expect(walBytes).toBeLessThan(8 * MB)
    expect((await new PrismaUpdateLog(testDb.db).load(room)).updates).toHaveLength(WRITES)
    expect(errors).toEqual([])
    await checkpointer.stop()
    checkpointer = null
    expect(await autocheckpoint(testDb)).toBe(1000)
  }, 60_000)

  it('control: with the connection not checkpointing and no worker, the WAL holds everything written', async () => {
    testDb = await createTestDb()
    await testDb.db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0')
    const { walBytes } = await writeLoad(testDb)
    expect(walBytes).toBeGreaterThan(WRITES * MB)
  }, 60_000)
})
