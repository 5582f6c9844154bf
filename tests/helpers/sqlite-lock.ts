// Holds SQLite's write lock from outside the app, as a backup, a migration or a second process
// would: the app's next write waits out its busy timeout (DB_LOCK_TIMEOUT_MS) and fails with
// SQLITE_BUSY, the SQLite face of reliability matrix F7/D4.
import Database from 'better-sqlite3'

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
