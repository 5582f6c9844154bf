// A throwaway SQLite database with the real migrations, and a Prisma client of our own (the app's
// db() caches one global client bound to DATABASE_URL, which tests must not share).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '@/generated/sqlite/client'

export type TestDb = { db: PrismaClient; url: string; dispose(): Promise<void> }

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'designroom-sync-'))
  const url = `file:${join(dir, 'test.db')}`
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url, DB_PROVIDER: 'sqlite' },
    stdio: 'pipe',
  })
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) })
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let boardCounter = 0

/** A board row (the update log's foreign key target); returns its id, which is also its room. */
export async function createBoard(db: PrismaClient, title = 'test board'): Promise<string> {
  const board = await db.board.create({ data: { id: `board${Date.now().toString(36)}${boardCounter++}`, title } })
  return board.id
}
