// The one Prisma client. In the embedded default the sync node (server/) and the Next.js route
// handlers live in one process but in two module graphs (Next bundles its own), so the client
// is kept on globalThis: both graphs then share one connection pool and one SQLite handle.
import type { PrismaClient as SqliteClient } from '@/generated/sqlite/client'
import { serverEnv } from './env.server'

/** Both generated clients expose the same model API; the app is typed against the SQLite one. */
export type Db = SqliteClient

const slot = Symbol.for('designroom.db')
type Holder = { [slot]?: Promise<Db> }

async function createDb(): Promise<Db> {
  const env = serverEnv()
  if (env.DB_PROVIDER === 'postgres') {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
      import('@/generated/postgres/client'),
      import('@prisma/adapter-pg'),
    ])
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) })
    return client as unknown as Db
  }
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import('@/generated/sqlite/client'),
    import('@prisma/adapter-better-sqlite3'),
  ])
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 10_000 }) })
  // WAL lets page reads proceed while the sync node appends to the update log.
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  return client
}

export function db(): Promise<Db> {
  const holder = globalThis as Holder
  holder[slot] ??= createDb().catch((error: unknown) => {
    delete holder[slot]
    throw error
  })
  return holder[slot]
}
