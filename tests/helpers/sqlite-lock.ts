// Holds SQLite's write lock from outside the app, as a backup, a migration or a second process
// would: the app's next write waits out its busy timeout (DB_LOCK_TIMEOUT_MS) and fails with
// SQLITE_BUSY, the SQLite face of reliability matrix F7/D4.
import { createRequire } from 'node:module'

type Connection = { exec(sql: string): unknown; close(): unknown }
// better-sqlite3 ships no types (the app reaches it through Prisma's adapter); this is all we use.
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Connection

export type SqliteLock = { release(): void }

export function holdSqliteWriteLock(file: string): SqliteLock {
  const connection = new Database(file)
  // IMMEDIATE takes the write lock at BEGIN; in WAL mode readers carry on and writers get SQLITE_BUSY.
  connection.exec('BEGIN IMMEDIATE')
  let held = true
  return {
    release() {
      if (!held) return
      held = false
      connection.exec('ROLLBACK')
      connection.close()
    },
  }
}
