// Matrix D3 (docs/reliability.md): a crash at any step of a compaction leaves the board as it was
// and the next compaction works. The real PrismaUpdateLog on SQLite and on Postgres; the crash is
// a throw at the step (the transaction rolls back) and, on SQLite and closer to a real crash, a
// child process that SIGKILLs itself at the step with its transaction open, after which a fresh
// connection reads the file.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDb, type Db } from '@/lib/db.server'
import { silentLogger } from '@/lib/log'
import { PrismaUpdateLog, type CompactionStep } from '@/server/persistence-prisma'
import { startPostgres } from '../helpers/postgres-server'
import { createBoard, createTestDb, storedDoc } from '../helpers/sync-db'

const steps: CompactionStep[] = ['read', 'snapshot-written', 'rows-deleted']

type Backend = { db: Db; url: string; dispose(): Promise<void> }

const backends: { name: string; open(): Promise<Backend> }[] = [
  { name: 'SQLite', open: createTestDb },
  {
    name: 'Postgres',
    async open() {
      const pg = await startPostgres()
      pg.applySchema()
      const db = await openDb('postgres', pg.url, { log: silentLogger })
      return {
        db,
        url: pg.url,
        async dispose() {
          await db.$disconnect()
          await pg.stop()
        },
      }
    },
  },
]

/**
 * A board whose log has an earlier snapshot plus rows with deletions in them (so the merge drops
 * content and a half-applied compaction would be visible), and what loading it shows now.
 */
async function boardWithHistory(db: Db): Promise<{ room: string; json: unknown }> {
  const room = await createBoard(db)
  const log = new PrismaUpdateLog(db)
  const doc = new Y.Doc()
  const rows: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => rows.push(update))
  const text = doc.getText('t')
  const map = doc.getMap('m')
  for (let i = 0; i < 30; i++) {
    text.insert(text.length, `line ${i}\n`)
    map.set(`k${i}`, i)
    if (i % 3 === 0) map.delete(`k${i}`)
    if (i === 14) {
      await log.append(room, rows.splice(0))
      await log.compact(room)
    }
  }
  text.delete(0, 20)
  await log.append(room, rows.splice(0))
  return { room, json: (await storedDoc(log, room)).toJSON() }
}

type LogRows = { snapshotUpTo: number | null; rows: number[] }

async function logRows(db: Db, room: string): Promise<LogRows> {
  const snapshot = await db.boardSnapshot.findUnique({ where: { boardId: room }, select: { upToId: true } })
  const rows = await db.boardUpdate.findMany({ where: { boardId: room }, select: { id: true }, orderBy: { id: 'asc' } })
  return { snapshotUpTo: snapshot?.upToId ?? null, rows: rows.map((r) => r.id) }
}

/** After a crash: same rows as before, same document, and a clean compaction folds everything. */
async function expectUntouchedThenCompacts(db: Db, room: string, before: { json: unknown; rows: LogRows }): Promise<void> {
  const log = new PrismaUpdateLog(db)
  expect(await logRows(db, room)).toEqual(before.rows)
  expect((await storedDoc(log, room)).toJSON()).toEqual(before.json)
  const result = await log.compact(room)
  expect(result?.foldedRows).toBe(before.rows.rows.length)
  expect((await logRows(db, room)).rows).toEqual([])
  expect((await storedDoc(log, room)).toJSON()).toEqual(before.json)
}

class Crash extends Error {}

describe.each(backends)('crash during compaction on $name (D3)', (backend) => {
  let t: Backend
  beforeAll(async () => {
    t = await backend.open()
  }, 60_000)
  afterAll(async () => {
    await t?.dispose()
  })

  it.each(steps)('a throw at step %s rolls the compaction back; the next one folds everything', async (step) => {
    const { room, json } = await boardWithHistory(t.db)
    const rows = await logRows(t.db, room)
    expect(rows.snapshotUpTo).not.toBeNull()
    const crashing = new PrismaUpdateLog(t.db, {
      faultAt: (at) => {
        if (at === step) throw new Crash(`crash at ${at}`)
      },
    })
    await expect(crashing.compact(room)).rejects.toBeInstanceOf(Crash)
    await expectUntouchedThenCompacts(t.db, room, { json, rows })
  })
})

describe('a killed process during compaction (D3, SQLite)', () => {
  let t: Backend
  beforeAll(async () => {
    t = await createTestDb()
  })
  afterAll(async () => {
    await t?.dispose()
  })

  // The child opens the database through the product's openDb (WAL, synchronous=NORMAL) and kills
  // itself inside the transaction: nothing runs a rollback, recovery is SQLite's own.
  const child = `
    import { openDb } from '@/lib/db.server'
    import { silentLogger } from '@/lib/log'
    import { PrismaUpdateLog } from '@/server/persistence-prisma'
    const [url, room, step] = process.argv.slice(-3)
    const db = await openDb('sqlite', url, { log: silentLogger })
    const log = new PrismaUpdateLog(db, { faultAt: (at) => { if (at === step) process.kill(process.pid, 'SIGKILL') } })
    await log.compact(room)
  `

  it('a process killed (SIGKILL) at each step leaves the board as it was; the next compaction folds everything', async () => {
    for (const step of steps) {
      const { room, json } = await boardWithHistory(t.db)
      const rows = await logRows(t.db, room)
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, '--', t.url, room, step], { encoding: 'utf8', timeout: 30_000 })
      expect(run.signal, `${step}: ${run.stderr}`).toBe('SIGKILL')
      const [integrity] = await t.db.$queryRawUnsafe<{ integrity_check: string }[]>('PRAGMA integrity_check')
      expect(integrity?.integrity_check).toBe('ok')
      await expectUntouchedThenCompacts(t.db, room, { json, rows })
    }
  }, 60_000)
})
