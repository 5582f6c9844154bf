// Prisma 6.19 CLI configuration for offline use. Every workaround below was needed on this
// machine; see ../shared/research/feasibility.md section 7 and docs/database.md.
import path from 'node:path'
import { createRequire } from 'node:module'
import { defineConfig } from 'prisma/config'

const provider = process.env.DB_PROVIDER === 'postgres' ? 'postgres' : 'sqlite'

// The CLI only sees `engineType = "client"` if the schema's env("DATABASE_URL") resolves; when it
// does not, it falls back to downloading a native engine, which fails offline.
process.env.DATABASE_URL ??=
  provider === 'postgres' ? 'postgresql://designroom:designroom@127.0.0.1:5432/designroom' : 'file:./data/designroom.db'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL as string
    if (provider === 'postgres') {
      // adapter-pg 6.19 cannot deserialize the `name` (19) and `"char"` (18) columns that the
      // schema engine's introspection reads; report them as text. CLI only: the app never reads them.
      const Result = createRequire(import.meta.url)('pg/lib/result.js') as {
        prototype: { addFields(fields: { dataTypeID: number }[]): void }
      }
      const addFields = Result.prototype.addFields
      Result.prototype.addFields = function (fields) {
        for (const f of fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25
        return addFields.call(this, fields)
      }
      const { PrismaPg } = await import('@prisma/adapter-pg')
      const u = new URL(url)
      // Discrete fields, not a connection string: the shadow-database factory spreads this config
      // and a connectionString would override the shadow database's name.
      return new PrismaPg({
        host: u.hostname,
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.slice(1),
        idleTimeoutMillis: 1,
      })
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3')
    const factory = new PrismaBetterSQLite3({ url })
    // migrate dev replays each migration on an in-memory shadow DB through executeRaw, which is a
    // one-statement prepare() in better-sqlite3; send parameterless scripts to exec() instead.
    const connectToShadowDb = factory.connectToShadowDb.bind(factory)
    factory.connectToShadowDb = async () => {
      const adapter = await connectToShadowDb()
      const executeRaw = adapter.executeRaw.bind(adapter)
      adapter.executeRaw = async (query) =>
        query.args.length === 0 ? (await adapter.executeScript(query.sql), 0) : executeRaw(query)
      return adapter
    }
    return factory
  },
})
