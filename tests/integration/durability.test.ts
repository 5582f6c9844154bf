// Matrix D5 and D7 on SQLite (docs/reliability.md): the product's own connection (lib/db.server.ts
// openDb) runs WAL with synchronous=NORMAL, also on a database reopened after a restart; and a
// `VACUUM INTO` backup taken while writers write restores to a database where every room loads
// and holds every key acknowledged before the backup began, as a prefix of each writer's edits.
// The Postgres halves of D5 and D7 are in postgres-faults.test.ts, beside its cluster.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '@/lib/db.server'
import { silentLogger } from '@/lib/log'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { startWriters, type Writers } from '../helpers/acked-writers'
import { createBoard, createTestDb, directWriter, expectBackupHolds, type TestDb } from '../helpers/sync-db'
import { holdSqliteWriteLock } from '../helpers/sqlite-lock'
import { startSyncServer, type SyncServer } from '../helpers/sync-harness'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function testDb(): Promise<TestDb> {
  const t = await createTestDb()
  cleanups.push(() => t.dispose())
  return t
}

async function productDb(url: string): Promise<Db> {
  const db = await openDb('sqlite', url, { log: silentLogger })
  cleanups.push(() => db.$disconnect())
  return db
}

async function pragma(db: Db, name: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`)
  return String(rows[0]?.[name])
}

describe('durability settings at startup (D5, SQLite)', () => {
  it('the product connection runs WAL with synchronous=NORMAL, also when reopening a WAL database', async () => {
    const t = await testDb() // migrated, and already switched to WAL by its own connection
    const db = await productDb(t.url)
    expect(await pragma(db, 'journal_mode')).toBe('wal')
    // 1 = NORMAL: in WAL a commit survives any process crash (what the saved ack promises and
    // D2 kills for); the trade-off against FULL is in lib/db.server.ts. 0 = OFF would fail here.
    expect(await pragma(db, 'synchronous')).toBe('1')
    expect(await pragma(db, 'foreign_keys')).toBe('1')
  })

  it("a write behind another process's lock fails after 1 s, not 10: the waiting thread is the whole server", async () => {
    const t = await testDb()
    const db = await productDb(t.url)
    const room = await createBoard(db)
    const lock = holdSqliteWriteLock(t.url.slice('file:'.length))
    cleanups.push(() => lock.release())
    const started = performance.now()
    await expect(new PrismaUpdateLog(db).append(room, [new Uint8Array([0, 0])])).rejects.toThrow()
    const waitedMs = performance.now() - started
    expect(waitedMs).toBeGreaterThanOrEqual(900)
    expect(waitedMs).toBeLessThan(3_000)
    lock.release()
    await new PrismaUpdateLog(db).append(room, [new Uint8Array([0, 0])])
  })
})

type RoomRun = { room: string; writers: Writers }

describe('backup under write (D7, SQLite)', () => {
  it('a VACUUM INTO taken mid-write restores every room with every key acked before it, as prefixes', async () => {
    const t = await testDb()
    // A small row trigger so compactions (snapshot write plus delete) run while the backup copies.
    const server: SyncServer = await startSyncServer({ updateLog: new PrismaUpdateLog(t.db), compaction: { maxRows: 15 } })
    cleanups.push(() => server.close())
    const runs: RoomRun[] = []
    for (let r = 0; r < 3; r++) {
      const room = await createBoard(t.db, `backup ${r}`)
      const writers = startWriters({ count: 2, ratePerSec: 20, connect: directWriter(server.url, room), firstIndex: r * 2 })
      cleanups.push(() => writers.stop())
      runs.push({ room, writers })
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))

    const ackedBefore = runs.map((run) => new Set(run.writers.acked()))
    const dir = mkdtempSync(join(tmpdir(), 'designroom-backup-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const backup = join(dir, 'backup.db')
    // A second connection, as an operator's backup job would open; writers keep going meanwhile.
    const operator = await productDb(t.url)
    const started = performance.now()
    await operator.$executeRawUnsafe(`VACUUM INTO '${backup}'`)
    const backupMs = performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const run of runs) expect(await run.writers.settle(5_000)).toBe(true)

    const restored = await productDb(`file:${backup}`)
    expect(await pragma(restored, 'integrity_check')).toBe('ok')
    const report = await expectBackupHolds(new PrismaUpdateLog(restored), runs, ackedBefore)
    console.log(`[D7] VACUUM INTO under write took ${backupMs.toFixed(0)} ms; ${report.join('; ')}`)
  }, 30_000)
})
