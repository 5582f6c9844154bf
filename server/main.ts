// The embedded default: one process serving the Next.js app and an in-process sync node on one
// port, with SQLite and the in-memory bus and registry. `npm start` runs this (via
// scripts/start.mjs, which migrates and builds first).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import next from 'next'
import { serverEnv, roomTokenSecret } from '@/lib/env.server'
import { db } from '@/lib/db.server'
import { embedded } from '@/lib/rooms/embedded.server'
import { parseKeyList } from '@/lib/auth/room-token'
import { validateUpdate } from '@/lib/board/validate-update'
import { createLogger, parseLogLevel } from '@/lib/log'
import { createSyncNode } from './node'
import { PrismaUpdateLog } from './persistence-prisma'
import { isSyncPath } from './upgrade'

const env = serverEnv()
const dev = env.NODE_ENV === 'development'
const log = createLogger(parseLogLevel(process.env.LOG_LEVEL), { proc: 'web+sync', pid: process.pid })

async function main(): Promise<void> {
  const database = await db()
  const { registry, hub } = embedded()
  const node = await createSyncNode({
    id: `embedded-${randomUUID().slice(0, 8)}`,
    publicUrl: '', // same origin as the web tier: the lookup answers ws(s)://<host>/sync
    updateLog: new PrismaUpdateLog(database),
    bus: hub.connect(),
    registry,
    tokenKeys: [{ kid: env.ROOM_TOKEN_KID, secret: roomTokenSecret(env) }, ...parseKeyList(env.ROOM_TOKEN_PREVIOUS_KEYS)],
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    validateUpdate,
    log: log.child({ component: 'sync' }),
  })

  const app = next({ dev, hostname: env.HOST, port: env.PORT, dir: process.cwd() })
  await app.prepare()
  const handleRequest = app.getRequestHandler()
  const handleNextUpgrade = app.getUpgradeHandler()

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error })
      if (!res.headersSent) res.writeHead(500).end('internal error')
    })
  })
  server.on('upgrade', (req, socket, head) => {
    if (isSyncPath(req.url)) return node.handleUpgrade(req, socket, head)
    // Only `next dev` has upgrades of its own (hot reload); refuse anything else.
    if (dev) return void handleNextUpgrade(req, socket, head)
    socket.destroy()
  })

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve))
  log.info('DesignRoom is running', { url: `http://${env.HOST}:${env.PORT}`, db: env.DB_PROVIDER, node: node.id })

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    // Flush every room before the database goes away: no acknowledged edit may be lost.
    await node.close({ code: 'goingAway' })
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await database.$disconnect()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  log.error('could not start', { error })
  process.exit(1)
})
