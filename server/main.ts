// The web process. Embedded default (no REDIS_URL): one process serving the Next.js app and an
// in-process sync node on one port, with SQLite and the in-memory bus and registry. `npm start`
// runs this (via scripts/start.mjs, which migrates and builds first).
//
// Scale-out (REDIS_URL set): web only. The route handlers find sync nodes through the Redis
// registry (lib/rooms/tier.server.ts) and nodes run as server/sync-main.ts processes, so this
// process holds no room state and several can run side by side on different ports.
// EMBEDDED_SYNC=1 keeps an in-process node anyway; it then joins the Redis registry and relay
// like any standalone node (an in-memory registry would be invisible to the Redis-backed lookup).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import next from 'next'
import { serverEnv } from '@/lib/env.server'
import { CLIENT_HEADER, clientAddress } from '@/lib/http/client-address'
import { httpServerTimeouts } from '@/lib/http/server-timeouts'
import { db, type Db } from '@/lib/db.server'
import { embedded } from '@/lib/rooms/embedded.server'
import { createLogger, parseLogLevel } from '@/lib/log'
import { createSyncNode, type SyncNode } from './node'
import { redisBackends, syncNodeOptions, type SyncBackends } from './node-options'
import { isSyncPath } from './upgrade'
import { shutdownOnSignals } from './shutdown'
import { sqliteWriterFor, type SqliteWriter } from './sqlite-writer'

const env = serverEnv()
const dev = env.NODE_ENV === 'development'
const withNode = !env.REDIS_URL || env.EMBEDDED_SYNC === '1'
const log = createLogger(parseLogLevel(process.env.LOG_LEVEL), { proc: withNode ? 'web+sync' : 'web', pid: process.pid })

function embeddedBackends(): SyncBackends {
  const { registry, hub } = embedded()
  const bus = hub.connect()
  return { bus, registry, close: () => bus.close() }
}

async function startNode(database: Db, sqliteWriter: SqliteWriter | null): Promise<{ node: SyncNode; backends: SyncBackends }> {
  const id = `embedded-${randomUUID().slice(0, 8)}`
  const nodeLog = log.child({ component: 'sync' })
  const backends = env.REDIS_URL ? redisBackends(env.REDIS_URL, nodeLog, id) : embeddedBackends()
  // publicUrl '': same origin as the web tier; the lookup answers ws(s)://<host>/sync.
  const node = await createSyncNode(syncNodeOptions({ env, id, publicUrl: '', database, sqliteWriter, backends, log: nodeLog }))
  return { node, backends }
}

async function main(): Promise<void> {
  const database = await db()
  const sqliteWriter = await sqliteWriterFor(env, database, log)
  const sync = withNode ? await startNode(database, sqliteWriter) : null

  const app = next({ dev, hostname: env.HOST, port: env.PORT, dir: process.cwd() })
  await app.prepare()
  const handleRequest = app.getRequestHandler()
  const handleNextUpgrade = app.getUpgradeHandler()

  const trustProxy = env.TRUST_PROXY === '1'
  // Explicit timeouts, not Node's: a slowloris client is closed in seconds (B20).
  const server = createServer(httpServerTimeouts(env), (req, res) => {
    // Overwrite whatever the client sent: rate limits must key on an address it cannot choose.
    req.headers[CLIENT_HEADER] = clientAddress(req.headers, req.socket.remoteAddress, trustProxy)
    handleRequest(req, res).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error })
      if (!res.headersSent) res.writeHead(500).end('internal error')
    })
  })
  server.on('upgrade', (req, socket, head) => {
    // Web-only: /sync is refused (404 by destroy); clients reach nodes through the lookup's URL.
    if (sync && isSyncPath(req.url)) return sync.node.handleUpgrade(req, socket, head)
    // Only `next dev` has upgrades of its own (hot reload); refuse anything else.
    if (dev) return void handleNextUpgrade(req, socket, head)
    socket.destroy()
  })

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve))
  log.info('DesignRoom is running', {
    url: `http://${env.HOST}:${env.PORT}`,
    db: env.DB_PROVIDER,
    node: sync?.node.id ?? null,
    mode: env.REDIS_URL ? 'scale-out' : 'embedded',
  })

  shutdownOnSignals({
    server,
    log,
    // Flush every room before the database goes away: no acknowledged edit may be lost.
    closeNode: async () => {
      if (!sync) return
      await sync.node.close({ code: 'goingAway' })
      await sync.backends.close()
    },
    closeDatabase: async () => {
      await sqliteWriter?.stop()
      await database.$disconnect()
    },
  })
}

main().catch((error: unknown) => {
  log.error('could not start', { error })
  process.exit(1)
})
